package dev.dbmigrate.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Naming, creating and dropping the per-class databases, plus the SQL helpers both extensions
 * share.
 */
final class Databases {

  /**
   * PostgreSQL truncates longer identifiers (NAMEDATALEN - 1), which would make two names collide.
   */
  static final int MAX_NAME_LENGTH = 63;

  private Databases() {}

  /**
   * {@code <prefix><test class, lowercased, truncated>_<8 hex>}: readable in {@code pg_database}
   * when a run leaks one, unique enough for concurrent runs on a shared server, and restricted to
   * {@code [a-z0-9_]} so it never needs quoting in a shell or a URL.
   */
  static String freshName(String prefix, Class<?> testClass) {
    String cls = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    if (cls.isEmpty()) {
      cls = "anonymous"; // anonymous classes have no simple name
    }
    String suffix = String.format("_%08x", ThreadLocalRandom.current().nextInt());
    int room = MAX_NAME_LENGTH - prefix.length() - suffix.length();
    if (cls.length() > room) {
      cls = cls.substring(0, room);
    }
    return prefix + cls + suffix;
  }

  static void create(ServerEndpoint server, String name) throws SQLException {
    try (Connection c = server.connectAdmin();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + quoteIdentifier(name));
    }
  }

  /**
   * WITH (FORCE) (PostgreSQL 13+) ends connections a test forgot to close, which would block the
   * drop.
   */
  static void drop(ServerEndpoint server, String name) throws SQLException {
    try (Connection c = server.connectAdmin();
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + quoteIdentifier(name) + " WITH (FORCE)");
    }
  }

  static String quoteIdentifier(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /** An E'' literal escapes the same way whatever standard_conforming_strings is set to. */
  static String quoteLiteral(String value) {
    return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
  }

  static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  static <T> T query(Connection c, String sql, ResultSetFunction<T> reader) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return reader.apply(rs);
    }
  }

  static Object firstValue(ResultSet rs) throws SQLException {
    return rs.next() ? rs.getObject(1) : null;
  }
}
