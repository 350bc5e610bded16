package dev.dbmigrate.cli.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.dbmigrate.cli.config.Redact;
import dev.dbmigrate.cli.config.Settings;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The CLI's connections: a HikariCP pool of at most two (the lock connection and the work
 * connection), created on the first request. Creating it lazily means a migration that does not
 * compile is reported before any connection is attempted.
 */
public final class Database implements DataSource, AutoCloseable {

  private static final String JDBC_PREFIX = "jdbc:postgresql:";

  private final Settings settings;
  private final String applicationName;
  private HikariDataSource pool;

  public Database(Settings settings, String applicationName) {
    if (!settings.url().startsWith(JDBC_PREFIX)) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "url '" + Redact.url(settings.url()) + "' is not a PostgreSQL JDBC URL; write it as"
              + " jdbc:postgresql://<host>:<port>/<database>");
    }
    this.settings = settings;
    this.applicationName = applicationName.length() > 63 ? applicationName.substring(0, 63) : applicationName;
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (pool == null) {
      pool = new HikariDataSource(config());
    }
    return pool.getConnection();
  }

  private HikariConfig config() {
    HikariConfig c = new HikariConfig();
    c.setPoolName("dbmigrate");
    c.setJdbcUrl(settings.url());
    c.setUsername(settings.user());
    if (settings.password() != null) {
      c.setPassword(settings.password());
    }
    c.setMaximumPoolSize(2);
    c.setMinimumIdle(1);
    // One attempt at start: a wrong password or host fails at once with the driver's own error.
    c.setInitializationFailTimeout(1);
    c.setConnectionTimeout(30_000);
    c.setAutoCommit(true);
    c.addDataSourceProperty("ApplicationName", applicationName);
    c.addDataSourceProperty("connectTimeout", "10");
    return c;
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.close();
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("credentials come from the settings");
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }
}
