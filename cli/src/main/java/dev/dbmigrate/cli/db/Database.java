package dev.dbmigrate.cli.db;

import dev.dbmigrate.aws.DatabaseSecret;
import dev.dbmigrate.aws.SecretsManagerCredentials;
import dev.dbmigrate.cli.config.Redact;
import dev.dbmigrate.cli.config.Settings;
import dev.dbmigrate.engine.ConnectionSource;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.Properties;

/**
 * The CLI's connections, opened straight through the PostgreSQL driver. A run needs at most two
 * (the lock connection and the work connection) and ends, so a pool would only add start-up time
 * and, in HikariCP's case, a one-second wait before a failed connection is reported. Nothing is
 * opened until the engine asks, so a migration that does not compile is reported first. With {@code
 * --secret-id}, host, port, database, user and password come from AWS Secrets Manager.
 */
public final class Database implements ConnectionSource {

  private static final String JDBC_PREFIX = "jdbc:postgresql:";

  private final Settings settings;
  private final String applicationName;
  private final Driver driver = new org.postgresql.Driver();
  private Target target;

  /** Where to connect and as whom, once known. */
  private record Target(String url, Properties properties) {}

  public Database(Settings settings, String applicationName) {
    this.settings = settings;
    // Shown in pg_stat_activity, so whoever finds the lock held can tell which run holds it.
    this.applicationName =
        applicationName.length() > 63 ? applicationName.substring(0, 63) : applicationName;
    if (settings.secret() == null) {
      target = target(settings.url(), settings.user(), settings.password());
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (target == null) {
      target = fromSecret(settings.secret());
    }
    Connection c = driver.connect(target.url(), target.properties());
    if (c == null) {
      throw new SQLException("not a PostgreSQL JDBC URL: " + Redact.url(target.url()), "08001");
    }
    return c;
  }

  /**
   * Reads the secret when the first connection is needed, so a run that fails earlier (a migration
   * that does not compile) never calls AWS. What was given explicitly wins over it.
   */
  private Target fromSecret(Settings.Secret secret) {
    try (SecretsManagerCredentials credentials =
        SecretsManagerCredentials.create(secret.id(), secret.region())) {
      DatabaseSecret value = credentials.get();
      String url =
          settings.url() != null
              ? settings.url()
              : value.jdbcUrl(secret.host(), secret.port(), null, Map.of());
      return target(
          url,
          settings.user() != null ? settings.user() : value.username(),
          settings.password() != null ? settings.password() : value.password());
    }
  }

  private Target target(String url, String user, String password) {
    if (!url.startsWith(JDBC_PREFIX)) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "url '"
              + Redact.url(url)
              + "' is not a PostgreSQL JDBC URL; write it as"
              + " jdbc:postgresql://<host>:<port>/<database>");
    }
    // The driver's own parse error repeats the whole URL, password included.
    if (org.postgresql.Driver.parseURL(url, new Properties()) == null) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "url '"
              + Redact.url(url)
              + "' is not a valid PostgreSQL JDBC URL (check the"
              + " host, the port number and the parameters); write it as"
              + " jdbc:postgresql://<host>:<port>/<database>");
    }
    Properties properties = new Properties();
    properties.setProperty("user", user);
    if (password != null) {
      properties.setProperty("password", password);
    }
    if (settings.sslMode() != null) {
      properties.setProperty("sslmode", settings.sslMode());
    }
    properties.setProperty("ApplicationName", applicationName);
    properties.setProperty("connectTimeout", "10");
    // Long migrations through NAT or an SSM tunnel must not have their idle lock connection
    // dropped.
    properties.setProperty("tcpKeepAlive", "true");
    return new Target(url, properties);
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("credentials come from the settings");
  }
}
