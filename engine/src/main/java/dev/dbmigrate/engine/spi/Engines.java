package dev.dbmigrate.engine.spi;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.internal.MySqlAdapter;
import dev.dbmigrate.engine.internal.PostgresAdapter;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The one place an engine is chosen: from the JDBC URL's scheme, and, once connected, checked
 * against what the driver says the server is. {@code jdbc:postgresql:} is PostgreSQL; {@code
 * jdbc:mysql:} and {@code jdbc:mariadb:} are MySQL and MariaDB, which share one adapter.
 */
public final class Engines {

  private Engines() {}

  /** Whether dbmigrate has an adapter for {@code jdbcUrl}. */
  public static boolean supports(String jdbcUrl) {
    return syntaxOf(jdbcUrl) != null;
  }

  /** The SQL syntax of the engine {@code jdbcUrl} names, or null when none is supported. */
  public static SqlSyntax syntaxOf(String jdbcUrl) {
    String url = jdbcUrl == null ? "" : jdbcUrl.toLowerCase(Locale.ROOT);
    if (url.startsWith("jdbc:postgresql:")) {
      return SqlSyntax.POSTGRESQL;
    }
    if (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")) {
      return SqlSyntax.MYSQL;
    }
    return null;
  }

  /**
   * The adapter for {@code jdbcUrl} and the history table {@code schema.table}; on MySQL the schema
   * is a database, and the default {@code public} means the connection's own database.
   *
   * @throws MigrationException {@code CONFIGURATION} for a URL of another engine, or a history
   *     table name the engine cannot hold
   */
  public static DatabaseAdapter adapter(String jdbcUrl, String schema, String table) {
    SqlSyntax syntax = syntaxOf(jdbcUrl);
    if (syntax == null) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "no database engine for URL '"
              + (jdbcUrl == null ? "" : jdbcUrl.replaceAll("\\?.*", "?..."))
              + "'; dbmigrate works with jdbc:postgresql:, jdbc:mysql: and jdbc:mariadb: URLs");
    }
    return syntax == SqlSyntax.POSTGRESQL
        ? new PostgresAdapter(schema, table)
        : new MySqlAdapter(schema, table, jdbcUrl.toLowerCase(Locale.ROOT).contains("mariadb"));
  }

  /**
   * The adapter for the server {@code c} is connected to: chosen by the connection's URL, then
   * checked against the product the driver reports, so a URL of one engine that reaches another (a
   * MariaDB URL on a MySQL server, say) gets that server's adapter or a clear refusal.
   */
  public static DatabaseAdapter adapter(Connection c, String schema, String table)
      throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    String url = meta.getURL();
    String product = String.valueOf(meta.getDatabaseProductName()).toLowerCase(Locale.ROOT);
    String version = String.valueOf(meta.getDatabaseProductVersion()).toLowerCase(Locale.ROOT);
    SqlSyntax syntax = syntaxOf(url);
    if (syntax == SqlSyntax.MYSQL && (product.contains("mysql") || product.contains("mariadb"))) {
      return new MySqlAdapter(
          schema, table, product.contains("mariadb") || version.contains("mariadb"));
    }
    if (syntax == SqlSyntax.POSTGRESQL && product.contains("postgres")) {
      return new PostgresAdapter(schema, table);
    }
    if (syntax == null && product.contains("postgres")) {
      // A pool or wrapper that does not report the URL: the product alone decides.
      return new PostgresAdapter(schema, table);
    }
    if (syntax == null && (product.contains("mysql") || product.contains("mariadb"))) {
      return new MySqlAdapter(
          schema, table, product.contains("mariadb") || version.contains("mariadb"));
    }
    throw new MigrationException(
        ErrorCode.CONFIGURATION,
        "the server is "
            + meta.getDatabaseProductName()
            + " but the URL says "
            + (syntax == null ? "no engine dbmigrate knows" : syntax.name())
            + "; use a jdbc:postgresql: URL for PostgreSQL and jdbc:mysql: or jdbc:mariadb: for"
            + " MySQL and MariaDB");
  }
}
