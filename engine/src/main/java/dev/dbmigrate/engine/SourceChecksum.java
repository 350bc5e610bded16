package dev.dbmigrate.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The checksum of a migration, computed from its Java source text rather than its bytecode or the
 * SQL it renders: bytecode changes with the compiler and SQL with the jOOQ version, while the
 * source is the same file whether the CLI compiled it or it came inside the packaged jar.
 *
 * <p>The source is reduced to its tokens first, so formatting and comments do not count. The
 * package and import declarations are left out too (a formatter may reorder imports), and a text
 * block counts by its value after incidental indentation is stripped, which is what Java itself
 * does. Each token is fed to SHA-256 with its length in front, so token boundaries are part of the
 * digest.
 */
public final class SourceChecksum {

  private SourceChecksum() {}

  /** The lowercase hex SHA-256 of the normalized source. */
  public static String of(String javaSource) {
    MessageDigest sha = sha256();
    for (String token : significantTokens(javaSource)) {
      byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
      sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
      sha.update((byte) ':');
      sha.update(bytes);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /**
   * The first 12 hex digits of a checksum, enough to tell two apart in a message; {@code "none"}
   * for a migration without one (its code is gone).
   */
  public static String shortForm(String checksum) {
    return checksum == null ? "none" : checksum.substring(0, Math.min(12, checksum.length()));
  }

  /** The tokens that count: everything but comments, white space, package and imports. */
  static List<String> significantTokens(String source) {
    List<String> tokens = tokenize(source);
    List<String> kept = new ArrayList<>(tokens.size());
    int depth = 0;
    boolean skippingDeclaration = false;
    for (String token : tokens) {
      if (skippingDeclaration) {
        skippingDeclaration = !token.equals(";");
        continue;
      }
      if (depth == 0 && (token.equals("package") || token.equals("import"))) {
        skippingDeclaration = true;
        continue;
      }
      if (token.equals("{")) {
        depth++;
      } else if (token.equals("}")) {
        depth--;
      }
      kept.add(token);
    }
    return kept;
  }

  static List<String> tokenize(String s) {
    List<String> tokens = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (s.startsWith("//", i)) {
        int end = s.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
      } else if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (s.startsWith("\"\"\"", i)) {
        int end = endOfQuoted(s, i + 3, "\"\"\"");
        String body = s.substring(i + 3, Math.max(i + 3, end - 3));
        int firstLineEnd = body.indexOf('\n');
        String content = firstLineEnd < 0 ? body : body.substring(firstLineEnd + 1);
        tokens.add("\"\"\"" + content.stripIndent() + "\"\"\"");
        i = end;
      } else if (c == '"' || c == '\'') {
        int end = endOfQuoted(s, i + 1, String.valueOf(c));
        tokens.add(s.substring(i, end));
        i = end;
      } else if (Character.isJavaIdentifierPart(c)) {
        int start = i;
        while (i < n
            && (Character.isJavaIdentifierPart(s.charAt(i)) || isNumberPart(s, start, i))) {
          i++;
        }
        tokens.add(s.substring(start, i));
      } else {
        tokens.add(String.valueOf(c));
        i++;
      }
    }
    return tokens;
  }

  /** A dot inside a number literal such as 1.5 belongs to the number. */
  private static boolean isNumberPart(String s, int start, int i) {
    return s.charAt(i) == '.' && Character.isDigit(s.charAt(start));
  }

  /**
   * Index just past the closing delimiter, honouring backslash escapes; end of text if unclosed.
   */
  private static int endOfQuoted(String s, int from, String delimiter) {
    int i = from;
    while (i < s.length()) {
      if (s.charAt(i) == '\\') {
        i += 2;
      } else if (s.startsWith(delimiter, i)) {
        return i + delimiter.length();
      } else {
        i++;
      }
    }
    return s.length();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
