package dev.dbmigrate.engine.internal;

import dev.dbmigrate.engine.lint.SqlScript;
import dev.dbmigrate.engine.spi.ScriptFrame;
import dev.dbmigrate.engine.spi.SqlSyntax;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jooq.Configuration;
import org.jooq.ConnectionProvider;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Sends the statements of a {@link SqlScript} to the connection of a migration's {@link
 * DSLContext}, one by one, each exactly as written: through a plain {@link Statement} with the
 * driver's escape processing off, so neither jOOQ's templating nor JDBC escapes touch {@code ?},
 * {@code {0}} or quotes. The connection is the one the executor opened its transaction (and set its
 * timeouts) on, so a SQL migration shares the transaction, the history row and the lock retry of a
 * Java one.
 *
 * <p>{@code COPY ... FROM stdin} goes through pgjdbc's COPY API with the data from the text. Under
 * the dry run's recording connection the COPY statement is recorded like any other.
 */
public final class SqlRunner {

  /** The configuration data key under which the executor tells each statement to its listener. */
  private static final String STATEMENT_HOOK = "dev.dbmigrate.engine.statement-hook";

  private SqlRunner() {}

  /**
   * Makes {@link #run} report each statement it sends to {@code hook} first, as jOOQ reports its
   * own to the executor's listener: for --verbose, and for the message when one fails.
   */
  static void onStatement(Configuration configuration, Consumer<String> hook) {
    configuration.data(STATEMENT_HOOK, hook);
  }

  /** Reads a SQL text with the rules of {@code syntax}; see {@link SqlScript} and MySqlScript. */
  public static SqlScript parse(String text, String where, SqlSyntax syntax) {
    return syntax == SqlSyntax.MYSQL
        ? MySqlScript.parse(text, where)
        : SqlScript.parse(text, where);
  }

  /** The syntax of the engine a migration's {@code DSLContext} renders for. */
  public static SqlSyntax syntaxOf(DSLContext db) {
    SQLDialect family = db.dialect().family();
    return family == SQLDialect.MYSQL || family == SQLDialect.MARIADB
        ? SqlSyntax.MYSQL
        : SqlSyntax.POSTGRESQL;
  }

  /**
   * Runs {@code script}; a failing statement is reported as a {@link SqlStatementException} naming
   * {@code where}, its line and the statement.
   */
  public static void run(DSLContext db, SqlScript script, String where) throws SQLException {
    ConnectionProvider provider = db.configuration().connectionProvider();
    Connection connection = provider.acquire();
    @SuppressWarnings("unchecked") // only onStatement puts a value under this key
    Consumer<String> hook = (Consumer<String>) db.configuration().data(STATEMENT_HOOK);
    try {
      for (SqlScript.Statement s : script.statements()) {
        if (hook != null) {
          hook.accept(s.text());
        }
        try {
          if (s.isCopy() && isPostgres(connection)) {
            copy(connection, s);
          } else {
            try (Statement statement = connection.createStatement()) {
              statement.setEscapeProcessing(false);
              statement.execute(s.text());
            }
          }
        } catch (SQLException e) {
          throw new SqlStatementException(where, lineOfError(s, e), s.text(), e);
        }
      }
    } finally {
      provider.release(connection);
    }
  }

  /**
   * Whether {@code script} can run framed ({@link #runFramed}): it has a statement, and none is a
   * COPY, which goes through its own protocol and cannot share a text.
   */
  static boolean canFrame(SqlScript script) {
    return !script.statements().isEmpty()
        && script.statements().stream().noneMatch(SqlScript.Statement::isCopy);
  }

  /**
   * Runs {@code script} on {@code connection} as {@link #run} does, with {@code frame}'s opening in
   * the text of the first statement and its closing in the text of the last, so a one-statement
   * script takes one round trip. {@code frameFailure} tells a failure of the frame's own checks
   * from one of the statement's. {@code beforeLast} runs just before the text holding the closing
   * (and so the COMMIT) is sent. A failure of the frame's own statements is thrown as the driver
   * raised it; one of the script's statements as a {@link SqlStatementException}, as {@link #run}
   * throws it. Each piece is its own statement to the driver, so the server's error position stays
   * relative to the script's statement.
   *
   * @return the last column of the last row set the closing returned, as a number; 0 when it
   *     returned none
   * @throws SQLException also when the driver returned another number of results than statements
   *     were given: it then did not send them as written, and the caller must not commit
   */
  static long runFramed(
      Connection connection,
      SqlScript script,
      String where,
      ScriptFrame frame,
      Predicate<SQLException> frameFailure,
      Consumer<String> hook,
      Runnable beforeLast)
      throws SQLException {
    List<SqlScript.Statement> statements = script.statements();
    long returned = 0;
    for (int i = 0; i < statements.size(); i++) {
      SqlScript.Statement s = statements.get(i);
      boolean first = i == 0;
      boolean last = i == statements.size() - 1;
      StringBuilder text = new StringBuilder(s.text().length() + (first || last ? 512 : 0));
      int expected = 1;
      if (first) {
        for (String opening : frame.opening()) {
          text.append(opening).append(';');
          expected++;
        }
      }
      // The statement starts right after the semicolon, so the server's error position counts
      // from its first character; a newline ends a line comment it may end with.
      text.append(s.text()).append('\n');
      if (last) {
        for (String closing : frame.closing()) {
          text.append(';').append(closing);
          expected++;
        }
        beforeLast.run();
      }
      hook.accept(s.text());
      Results results;
      try (Statement statement = connection.createStatement()) {
        statement.setEscapeProcessing(false);
        results = Results.of(statement, statement.execute(text.toString()));
      } catch (SQLException e) {
        if ((first || last) && frameFailure.test(e)) {
          throw e;
        }
        throw new SqlStatementException(where, lineOfError(s, e), s.text(), e);
      }
      if (results.count() != expected) {
        throw new SQLException(
            where
                + ":"
                + s.line()
                + ": the driver returned "
                + results.count()
                + " results for "
                + expected
                + " statements, so it did not send them as written; statement: "
                + s.text(),
            "XX000");
      }
      if (last) {
        returned = results.lastValue();
      }
    }
    return returned;
  }

  /**
   * The results of an executed text: how many (a row set or an update count per statement), and the
   * last column of the first row of the last row set, as a number (0 without one).
   */
  record Results(int count, long lastValue) {

    static Results of(Statement statement, boolean resultSet) throws SQLException {
      int count = 0;
      // As text: a migration's own statements return row sets of any type.
      String last = null;
      boolean isResultSet = resultSet;
      while (isResultSet || statement.getUpdateCount() != -1) {
        count++;
        if (isResultSet) {
          try (ResultSet rs = statement.getResultSet()) {
            last = rs.next() ? rs.getString(rs.getMetaData().getColumnCount()) : null;
          }
        }
        isResultSet = statement.getMoreResults();
      }
      return new Results(count, number(last));
    }

    private static long number(String text) {
      try {
        return text == null ? 0 : Long.parseLong(text);
      } catch (NumberFormatException e) {
        return 0;
      }
    }
  }

  private static void copy(Connection connection, SqlScript.Statement s) throws SQLException {
    try {
      connection
          .unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn(s.text(), new StringReader(s.copyData()));
    } catch (IOException e) {
      throw new SQLException("reading the COPY data failed: " + e.getMessage(), "58030", e);
    }
  }

  private static boolean isPostgres(Connection connection) {
    try {
      return connection.isWrapperFor(PGConnection.class);
    } catch (SQLException e) {
      return false;
    }
  }

  /** The line PostgreSQL points at (its error position), else the statement's first line. */
  private static int lineOfError(SqlScript.Statement s, SQLException e) {
    if (e instanceof PSQLException p) {
      ServerErrorMessage m = p.getServerErrorMessage();
      int position = m == null ? 0 : m.getPosition();
      if (position > 0 && position <= s.text().length()) {
        int line = s.line();
        String text = s.text();
        // The position counts characters from 1.
        for (int i = 0; i < position - 1; i++) {
          if (text.charAt(i) == '\n') {
            line++;
          }
        }
        return line;
      }
    }
    return s.line();
  }
}
