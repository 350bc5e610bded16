package dev.dbmigrate.engine.internal;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.lint.SqlScript;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A text of MySQL statements, cut the way the mysql client cuts a file with its default delimiter:
 * at semicolons outside '...' and "..." (where a backslash escapes the next character and a doubled
 * quote is one), `...` names, # and "-- " comments and block comments. An executable comment
 * (slash, star, bang; MariaDB's slash, star, M, bang) is kept in the statement, since the server
 * reads it. The BEGIN ... END body of CREATE PROCEDURE, FUNCTION, TRIGGER or EVENT is one
 * statement, semicolons and all, so no DELIMITER is needed.
 *
 * <p>The mysql client's {@code DELIMITER} and its backslash commands are not SQL and are refused
 * with the line, as are BEGIN/COMMIT/ROLLBACK: dbmigrate owns the history row around the
 * statements. The checksum hashes the tokens, so white space and comments do not count; a change to
 * what it hashes must bump {@code SqlChecksumIndex.FORMAT}, or remembered checksums stay.
 */
final class MySqlScript {

  private static final Set<String> ROUTINES = Set.of("procedure", "function", "trigger", "event");
  private static final Set<String> END_OF_BLOCK = Set.of("if", "loop", "while", "repeat");

  private final String text;
  private final String where;
  private final MessageDigest sha = sha256();
  private final List<SqlScript.Statement> statements = new ArrayList<>();
  private final List<String> words = new ArrayList<>();
  private int pos;
  private int start = -1;
  private int end;
  private boolean routine;
  private int depth;

  private MySqlScript(String text, String where) {
    this.text = text;
    this.where = where;
  }

  /**
   * Reads {@code sql}; {@code where} names it in messages.
   *
   * @throws MigrationException {@link ErrorCode#INVALID_MIGRATIONS} for DELIMITER, a client
   *     command, a transaction statement or an unterminated quote or comment, naming the line
   */
  static SqlScript parse(String sql, String where) {
    String text = sql.startsWith("\uFEFF") ? sql.substring(1) : sql;
    int firstLineEnd = text.indexOf('\n');
    String firstLine = firstLineEnd < 0 ? text : text.substring(0, firstLineEnd);
    boolean noTransaction = firstLine.strip().equalsIgnoreCase(SqlScript.NO_TRANSACTION_MARKER);
    MySqlScript s = new MySqlScript(text, where);
    if (noTransaction) {
      feed(s.sha, SqlScript.NO_TRANSACTION_MARKER);
    }
    s.read();
    return SqlScript.of(s.statements, noTransaction, HexFormat.of().formatHex(s.sha.digest()));
  }

  private void read() {
    int n = text.length();
    while (pos < n) {
      char c = text.charAt(pos);
      if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '#' || (c == '-' && startsWith("--") && (pos + 2 >= n || isSpace(pos + 2)))) {
        int eol = text.indexOf('\n', pos);
        pos = eol < 0 ? n : eol + 1;
      } else if (c == '/' && startsWith("/*")) {
        int close = text.indexOf("*/", pos + 2);
        if (close < 0) {
          throw refused(pos, "a /* comment is not closed; close it with */");
        }
        boolean executable = startsWith("/*!") || startsWith("/*M!");
        int from = pos;
        pos = close + 2;
        if (executable) {
          token(from, pos);
        }
      } else if (c == '\'' || c == '"' || c == '`') {
        int from = pos;
        pos = closingQuote(c);
        token(from, pos);
      } else if (c == ';' && depth == 0) {
        pos++;
        finish();
      } else if (isWordChar(c)) {
        int from = pos;
        while (pos < n && isWordChar(text.charAt(pos))) {
          pos++;
        }
        word(from, text.substring(from, pos).toLowerCase(Locale.ROOT));
      } else if (c == '\\' && (start < 0 || (pos + 1 < n && isLetterAt(pos + 1)))) {
        throw refused(
            pos,
            "'"
                + lineText(pos).strip()
                + "' is a command of the mysql client, which only that client understands;"
                + " remove it");
      } else {
        token(pos, pos + 1);
        pos++;
      }
    }
    finish();
  }

  private void word(int from, String word) {
    if (start < 0 && word.equals("delimiter")) {
      throw refused(
          from,
          "DELIMITER is a command of the mysql client, not SQL, and dbmigrate sends each"
              + " statement on its own; remove the DELIMITER lines and end each statement with ;"
              + " (the BEGIN ... END body of a CREATE PROCEDURE, FUNCTION, TRIGGER or EVENT is"
              + " read as one statement)");
    }
    token(from, pos);
    words.add(word);
    if (!words.isEmpty() && words.get(0).equals("create") && ROUTINES.contains(word)) {
      routine = true;
    }
    if (!routine) {
      return;
    }
    if (word.equals("begin") || word.equals("case")) {
      depth++;
    } else if (word.equals("end")) {
      String next = peekWord();
      if (next.equals("case")) {
        skipWord();
        depth = Math.max(0, depth - 1);
      } else if (!END_OF_BLOCK.contains(next)) {
        depth = Math.max(0, depth - 1);
      }
    }
  }

  /** The next word after white space, lowercased, or "" when a symbol or the end comes first. */
  private String peekWord() {
    int i = pos;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    int from = i;
    while (i < text.length() && isWordChar(text.charAt(i))) {
      i++;
    }
    return text.substring(from, i).toLowerCase(Locale.ROOT);
  }

  private void skipWord() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
    int from = pos;
    while (pos < text.length() && isWordChar(text.charAt(pos))) {
      pos++;
    }
    token(from, pos);
  }

  private int closingQuote(char quote) {
    int i = pos + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\' && quote != '`') {
        i += 2;
      } else if (c == quote) {
        if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    throw refused(pos, "the " + quote + " that starts here is not closed");
  }

  private void token(int from, int to) {
    if (start < 0) {
      start = from;
    }
    end = to;
    feed(sha, text.substring(from, to));
  }

  private void finish() {
    if (start < 0) {
      return;
    }
    feed(sha, ";");
    String first = words.isEmpty() ? "" : words.get(0);
    String second = words.size() > 1 ? words.get(1) : "";
    boolean control =
        (first.equals("begin") && !routine)
            || first.equals("commit")
            || (first.equals("start") && second.equals("transaction"))
            || (first.equals("rollback") && !second.equals("to") && !second.equals("work"));
    if (control) {
      throw refused(
          start,
          first.toUpperCase(Locale.ROOT)
              + " starts or ends a transaction, but dbmigrate records the migration around its"
              + " statements; remove it");
    }
    statements.add(new SqlScript.Statement(text.substring(start, end), lineOf(start), null));
    start = -1;
    words.clear();
    routine = false;
    depth = 0;
  }

  private boolean startsWith(String s) {
    return text.startsWith(s, pos);
  }

  private boolean isSpace(int i) {
    return Character.isWhitespace(text.charAt(i));
  }

  private boolean isLetterAt(int i) {
    return Character.isLetter(text.charAt(i));
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  private int lineOf(int offset) {
    int line = 1;
    for (int i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
      line++;
    }
    return line;
  }

  private String lineText(int offset) {
    int from = text.lastIndexOf('\n', offset - 1) + 1;
    int to = text.indexOf('\n', offset);
    return text.substring(from, to < 0 ? text.length() : to);
  }

  private MigrationException refused(int offset, String why) {
    return new MigrationException(
        ErrorCode.INVALID_MIGRATIONS, where, where + ":" + lineOf(offset) + ": " + why, null);
  }

  private static void feed(MessageDigest sha, String token) {
    byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
    sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
    sha.update((byte) ':');
    sha.update(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
