package dev.dbmigrate.engine.internal;

import java.sql.SQLException;

/**
 * The database refused one statement of a SQL text: says where it is (file and line) and which it
 * is. The SQLSTATE is the driver's, so the executor treats a lock timeout, a cancelled statement or
 * a lost connection here as it treats them anywhere.
 */
public final class SqlStatementException extends SQLException {

  private static final long serialVersionUID = 1L;

  SqlStatementException(String where, int line, String statement, SQLException cause) {
    super(
        where
            + ":"
            + line
            + ": "
            + SqlErrors.oneLine(cause.getMessage())
            + "; statement: "
            + abbreviate(statement),
        cause.getSQLState(),
        cause.getErrorCode(),
        cause);
  }

  private static String abbreviate(String sql) {
    String flat = SqlErrors.oneLine(sql);
    return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
  }
}
