package dev.dbmigrate.engine.lint;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A text of PostgreSQL statements, cut into statements the way psql cuts a file: at semicolons
 * outside quotes ('...', E'...', "...", $tag$...$tag$), comments (--, nested /* *&#47;),
 * parentheses and standard-SQL routine bodies; the last statement needs no semicolon. It uses the
 * linter's tokenizer, so what runs and what is linted are cut alike.
 *
 * <p>A {@code COPY ... FROM stdin;} statement takes the lines after it up to a line {@code \.} as
 * its data, as pg_dump writes it. Every other backslash outside quotes is a psql meta-command
 * ({@code \connect}, {@code \set}, ...), which only psql understands, and {@code BEGIN}/{@code
 * COMMIT} would end the transaction dbmigrate keeps the migration and its history row in: both are
 * refused when the text is read, before anything runs, naming the line.
 */
public final class SqlScript {

  /** The first line that makes a SQL migration run outside a transaction. */
  public static final String NO_TRANSACTION_MARKER = "-- dbmigrate:no-transaction";

  /**
   * One statement.
   *
   * @param text the statement as written, from its first token to its last, without the semicolon
   * @param line the line it starts on, counted from 1
   * @param copyData for {@code COPY ... FROM stdin}, the data lines (each ending in a newline)
   *     without the closing {@code \.}; null for any other statement
   */
  public record Statement(String text, int line, String copyData) {

    public boolean isCopy() {
      return copyData != null;
    }
  }

  private final List<Statement> statements;
  private final boolean noTransaction;
  private final String checksum;

  private SqlScript(List<Statement> statements, boolean noTransaction, String checksum) {
    this.statements = statements;
    this.noTransaction = noTransaction;
    this.checksum = checksum;
  }

  /**
   * Reads {@code sql}; {@code where} names it in messages (a file name, or "the SQL text").
   *
   * @throws MigrationException {@link ErrorCode#INVALID_MIGRATIONS} for a psql meta-command, a
   *     transaction statement or a COPY without its end line, naming the line
   */
  public static SqlScript parse(String sql, String where) {
    String text = sql.startsWith("\uFEFF") ? sql.substring(1) : sql;
    int firstLineEnd = text.indexOf('\n');
    String firstLine = firstLineEnd < 0 ? text : text.substring(0, firstLineEnd);
    boolean noTransaction = firstLine.strip().equalsIgnoreCase(NO_TRANSACTION_MARKER);
    Lines lines = new Lines(text);
    MessageDigest sha = sha256();
    if (noTransaction) {
      feed(sha, NO_TRANSACTION_MARKER);
    }
    List<Statement> statements = new ArrayList<>();
    int pos = 0;
    while (pos < text.length()) {
      List<Token> tokens = SqlTokenizer.statementAt(text, pos);
      if (tokens.isEmpty()) {
        break;
      }
      Token last = tokens.get(tokens.size() - 1);
      pos = last.end();
      List<Token> body = last.isSymbol(";") ? tokens.subList(0, tokens.size() - 1) : tokens;
      for (Token t : body) {
        if (t.isSymbol("\\")) {
          throw refused(
              where,
              lines.of(t.start()),
              "'"
                  + lines.text(t.start()).strip()
                  + "' is a psql meta-command, which only psql understands; remove it (COPY ..."
                  + " FROM stdin with its data lines and \\. works without psql)");
        }
      }
      if (body.isEmpty()) {
        continue;
      }
      for (Token t : body) {
        feed(sha, text.substring(t.start(), t.end()));
      }
      feed(sha, ";");
      int line = lines.of(body.get(0).start());
      refuseTransactionControl(body, where, line);
      String statement = text.substring(body.get(0).start(), body.get(body.size() - 1).end());
      String copyData = null;
      if (isCopyFromStdin(body)) {
        int dataStart = lines.startOfNextLine(pos);
        int end = lines.endMarker(dataStart);
        if (end < 0) {
          throw refused(
              where,
              line,
              "COPY ... FROM stdin has no line '\\.' after its data; end the data with a line"
                  + " holding only \\.");
        }
        copyData = text.substring(dataStart, end);
        feed(sha, copyData);
        pos = lines.startOfNextLine(end);
      }
      statements.add(new Statement(statement, line, copyData));
    }
    return new SqlScript(
        List.copyOf(statements), noTransaction, HexFormat.of().formatHex(sha.digest()));
  }

  /**
   * A script another engine's reader cut (MySQL's, in the engine's internals), with the same
   * meaning of each part as {@link #parse} gives it.
   */
  public static SqlScript of(List<Statement> statements, boolean noTransaction, String checksum) {
    return new SqlScript(List.copyOf(statements), noTransaction, checksum);
  }

  public List<Statement> statements() {
    return statements;
  }

  /** Whether the first line is {@value #NO_TRANSACTION_MARKER}. */
  public boolean noTransaction() {
    return noTransaction;
  }

  /**
   * SHA-256 of the statements' tokens and COPY data: white space and comments between tokens do not
   * count, everything inside a literal, a quoted name or a dollar-quoted body does, and so does the
   * no-transaction marker. The CLI remembers checksums between runs, so a change to what they hash
   * must bump {@code SqlChecksumIndex.FORMAT} (engine internals).
   */
  public String checksum() {
    return checksum;
  }

  private static boolean isCopyFromStdin(List<Token> body) {
    if (!body.get(0).isWord("copy")) {
      return false;
    }
    int depth = 0;
    for (int i = 0; i + 1 < body.size(); i++) {
      Token t = body.get(i);
      if (t.isSymbol("(")) {
        depth++;
      } else if (t.isSymbol(")")) {
        depth--;
      } else if (depth == 0 && t.isWord("from") && body.get(i + 1).isWord("stdin")) {
        return true;
      }
    }
    return false;
  }

  private static void refuseTransactionControl(List<Token> body, String where, int line) {
    Token first = body.get(0);
    Token second = body.size() > 1 ? body.get(1) : new Token(Token.Kind.SYMBOL, "", 0, 0);
    boolean control =
        first.isWord("begin")
            || first.isWord("commit")
            || first.isWord("end")
            || first.isWord("abort")
            || (first.isWord("start") && second.isWord("transaction"))
            || (first.isWord("rollback") && !second.isWord("to"));
    if (control) {
      throw refused(
          where,
          line,
          first.text().toUpperCase(Locale.ROOT)
              + " ends or starts a transaction, but dbmigrate runs a SQL migration in a"
              + " transaction of its own together with its history row (or, after the first"
              + " line "
              + NO_TRANSACTION_MARKER
              + ", each statement on its own); remove it");
    }
  }

  private static MigrationException refused(String where, int line, String why) {
    return new MigrationException(
        ErrorCode.INVALID_MIGRATIONS, where, where + ":" + line + ": " + why, null);
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

  /** Line numbers of offsets, found by binary search over the line starts. */
  private static final class Lines {
    private final String text;
    private final int[] starts;

    Lines(String text) {
      this.text = text;
      int[] found = new int[64];
      int n = 0;
      found[n++] = 0;
      for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
        if (n == found.length) {
          found = Arrays.copyOf(found, n * 2);
        }
        found[n++] = i + 1;
      }
      this.starts = Arrays.copyOf(found, n);
    }

    int of(int offset) {
      int i = Arrays.binarySearch(starts, offset);
      return (i >= 0 ? i : -i - 2) + 1;
    }

    String text(int offset) {
      int start = starts[of(offset) - 1];
      int end = text.indexOf('\n', start);
      return text.substring(start, end < 0 ? text.length() : end);
    }

    int startOfNextLine(int offset) {
      int eol = text.indexOf('\n', offset);
      return eol < 0 ? text.length() : eol + 1;
    }

    /** The start of the first line at or after {@code from} that holds only {@code \.}. */
    int endMarker(int from) {
      for (int start = from; start < text.length(); start = startOfNextLine(start)) {
        int end = text.indexOf('\n', start);
        String line = text.substring(start, end < 0 ? text.length() : end);
        if (line.equals("\\.") || line.equals("\\.\r")) {
          return start;
        }
      }
      return -1;
    }
  }
}
