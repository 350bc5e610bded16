package dev.dbmigrate.engine.internal;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Turns JDBC failures into {@link MigrationException}s with a code and a message that says what to
 * do. Only what every engine's driver reports alike is here (SQLSTATE class 08 for a lost
 * connection, 28 for refused credentials); what one engine's codes mean is its adapter's {@link
 * dev.dbmigrate.engine.spi.DatabaseAdapter#classify}.
 */
public final class SqlErrors {

  private SqlErrors() {}

  /** The first {@link SQLException} in a cause chain (pools and jOOQ wrap the driver's). */
  public static SQLException findSqlException(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException sql) {
        SQLException inner = findSqlException(sql.getCause() == sql ? null : sql.getCause());
        return inner != null && inner.getSQLState() != null && sql.getSQLState() == null
            ? inner
            : sql;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }

  /** A failure to open a connection. */
  public static MigrationException connectFailure(Throwable failure) {
    SQLException e = findSqlException(failure);
    String state = e == null || e.getSQLState() == null ? "" : e.getSQLState();
    String reason = oneLine(e != null ? e.getMessage() : String.valueOf(failure));
    // The driver reports a password the server asked for but was not given as 08004
    // (connection rejected), not as 28xxx: it never reached the server's check.
    boolean noPassword =
        state.equals("08004") && reason.toLowerCase(Locale.ROOT).contains("password");
    if (state.startsWith("28") || noPassword) {
      return new MigrationException(
          ErrorCode.AUTHENTICATION,
          "the database refused the credentials: "
              + reason
              + "; check the user and the password (the user, password and password-file"
              + " settings, or the secret)",
          failure);
    }
    // PostgreSQL's invalid_catalog_name; MySQL's ER_BAD_DB_ERROR, which its SQLSTATE does not tell.
    if (state.equals("3D000") || (e != null && e.getErrorCode() == 1049)) {
      return new MigrationException(
          ErrorCode.CONNECTION,
          "the database does not exist: "
              + reason
              + "; create it or fix the database setting (or the URL)",
          failure);
    }
    return new MigrationException(
        ErrorCode.CONNECTION,
        "could not connect to the database: "
            + reason
            + "; check that the database server is running and that the URL, host and port are"
            + " right",
        failure);
  }

  /** True when the failure means the connection itself is gone. */
  static boolean isConnectionLost(SQLException e) {
    String state = e.getSQLState();
    return state != null
        && (state.startsWith("08")
            || state.equals("57P01")
            || state.equals("57P02")
            || state.equals("57P03"));
  }

  /** The driver's message on one line: PostgreSQL adds Detail/Hint/Position on their own lines. */
  public static String oneLine(String message) {
    if (message == null) {
      return "";
    }
    return message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
