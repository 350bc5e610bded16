package dev.dbmigrate.engine.internal;

import dev.dbmigrate.engine.spi.DbStatement;
import dev.dbmigrate.engine.spi.SqlSyntax;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Sends an adapter's {@link DbStatement}s, or writes them out for a dry run: the one place both
 * happen, so what a dry run shows is what a run sends.
 */
final class Statements {

  private Statements() {}

  /** Sends {@code s}; returns the transaction id it reports, or 0 when it reports none. */
  static long run(Connection c, DbStatement s) throws SQLException {
    if (s.params().isEmpty() && s.returns() == DbStatement.Returns.NOTHING) {
      try (java.sql.Statement plain = c.createStatement()) {
        plain.execute(s.sql());
        return 0;
      }
    }
    try (PreparedStatement ps = c.prepareStatement(s.sql())) {
      bind(ps, s.params());
      if (s.returns() == DbStatement.Returns.NOTHING) {
        ps.execute();
        return 0;
      }
      try (ResultSet rs = ps.executeQuery()) {
        // No row: the statement matched nothing, so it cannot vouch for the transaction.
        return rs.next() ? rs.getLong(rs.getMetaData().getColumnCount()) : 0;
      }
    }
  }

  /**
   * Sends {@code s}, whose text may hold several statements, and returns the last column of the
   * last row set they returned, as a number (0 without one).
   */
  static long runReturningLast(Connection c, DbStatement s) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(s.sql())) {
      bind(ps, s.params());
      return SqlRunner.Results.of(ps, ps.execute()).lastValue();
    }
  }

  private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      Object v = params.get(i);
      if (v == DbStatement.MEASURED) {
        ps.setLong(i + 1, 0);
      } else if (v == null) {
        ps.setNull(i + 1, Types.VARCHAR);
      } else {
        ps.setObject(i + 1, v);
      }
    }
  }

  /** Sends each of {@code all} in order. */
  static void runAll(Connection c, List<DbStatement> all) throws SQLException {
    for (DbStatement s : all) {
      run(c, s);
    }
  }

  /**
   * {@code s} as SQL text with its values written in, the way the engine's SQL reads them; the
   * execution time, unknown before the run, shows as 0 with a comment saying so.
   */
  static String render(DbStatement s, SqlSyntax syntax) {
    StringBuilder sql = new StringBuilder(s.sql().length() + 64);
    int next = 0;
    String text = s.sql();
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '?' && next < s.params().size()) {
        sql.append(literal(s.params().get(next++), syntax));
      } else {
        sql.append(ch);
      }
    }
    return sql.toString();
  }

  private static String literal(Object value, SqlSyntax syntax) {
    if (value == DbStatement.MEASURED) {
      return "0 /* execution_ms: measured when it runs */";
    }
    if (value == null) {
      return "null";
    }
    if (value instanceof String text) {
      String quoted = text.replace("'", "''");
      // MySQL reads a backslash in a string as an escape unless NO_BACKSLASH_ESCAPES is set.
      return "'" + (syntax == SqlSyntax.MYSQL ? quoted.replace("\\", "\\\\") : quoted) + "'";
    }
    return value.toString();
  }
}
