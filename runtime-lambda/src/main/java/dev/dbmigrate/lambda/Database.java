package dev.dbmigrate.lambda;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.dbmigrate.aws.DatabaseSecret;
import dev.dbmigrate.aws.SecretsManagerCredentials;
import dev.dbmigrate.engine.ConnectionSource;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.settings.ConnectFailure;
import dev.dbmigrate.engine.settings.JdbcUrl;
import dev.dbmigrate.engine.settings.Target;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;

/**
 * The container's connections: a HikariCP pool of at most two (the run lock's and the migrations'),
 * kept from one invocation to the next. The engine holds this object as its {@code DataSource}, so
 * it is built once and never notices when a rotated password makes the pool be built again.
 */
final class Database implements ConnectionSource, AutoCloseable {

  private final LambdaSettings settings;
  private final SecretsManagerCredentials credentials;
  private final Map<String, String> tls;
  private Login login;
  private HikariDataSource pool;

  /** Where to connect and as whom; the password never shows in {@link #toString()}. */
  private record Login(String url, String user, String password) {
    @Override
    public String toString() {
      int query = url.indexOf('?');
      return (query < 0 ? url : url.substring(0, query)) + " as " + user;
    }

    Target target() {
      JdbcUrl.Parts parts = JdbcUrl.parts(url);
      return parts == null
          ? new Target("?", "?", "?", user, null)
          : new Target(parts.host(), parts.port(), parts.database(), user, null);
    }
  }

  /**
   * @param credentials the secret to read, or null when the settings hold a URL
   * @param tls the driver's sslmode and sslrootcert parameters
   */
  Database(
      LambdaSettings settings, SecretsManagerCredentials credentials, Map<String, String> tls) {
    this.settings = settings;
    this.credentials = credentials;
    this.tls = tls;
  }

  /** Reads the secret, unless it was read before; a failure is tried again on the next call. */
  synchronized void prepare() {
    if (login == null) {
      login = login(credentials == null ? null : credentials.get());
    }
  }

  boolean canRotate() {
    return credentials != null;
  }

  String secretId() {
    return credentials == null ? null : credentials.secretId();
  }

  /**
   * Reads the secret again after the database refused it. When it changed, the pool is closed and
   * the next connection comes from a new one with the new credentials.
   *
   * @return whether the secret changed
   */
  synchronized boolean rotate() {
    DatabaseSecret before = credentials.get();
    DatabaseSecret after = credentials.refresh();
    if (after.equals(before)) {
      return false;
    }
    login = login(after);
    closePool();
    return true;
  }

  private Login login(DatabaseSecret secret) {
    if (secret == null) {
      Map<String, String> params =
          settings.url().startsWith(JdbcUrl.PREFIX) ? tls : DatabaseSecret.mariaDbNames(tls);
      String url = settings.url() + (settings.url().indexOf('?') < 0 ? "?" : "&") + query(params);
      return new Login(url, settings.user(), settings.password());
    }
    try {
      String url = secret.jdbcUrl(settings.host(), settings.port(), settings.dbName(), tls);
      return new Login(url, secret.username(), secret.password());
    } catch (MigrationException e) {
      throw new MigrationException(
          e.code(), "secret '" + credentials.secretId() + "': " + e.getMessage());
    }
  }

  private static String query(Map<String, String> params) {
    StringBuilder s = new StringBuilder();
    params.forEach(
        (k, v) ->
            s.append(s.length() == 0 ? "" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return s.toString();
  }

  /** The URL without parameters and the user, for log lines. */
  synchronized String describe() {
    return login == null ? "(credentials not read yet)" : login.toString();
  }

  /** What the function connects to, once the secret was read; null before. */
  synchronized Target target() {
    return login == null ? null : login.target();
  }

  /**
   * The same login on another database of the same server, without the pool: for drift's scratch
   * database, which lives only for one invocation.
   */
  ConnectionSource onDatabase(String name) {
    return new ConnectionSource() {
      @Override
      public Connection getConnection() throws SQLException {
        Login l;
        synchronized (Database.this) {
          prepare();
          l = login;
        }
        JdbcUrl.Parts p = JdbcUrl.parts(l.url());
        String url = JdbcUrl.of(p.host(), p.port(), name, p.query());
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", l.user());
        if (l.password() != null) {
          props.setProperty("password", l.password());
        }
        props.setProperty("ApplicationName", "dbmigrate-lambda");
        if (settings.tenantSchema() != null && url.startsWith(JdbcUrl.PREFIX)) {
          props.setProperty("currentSchema", '"' + settings.tenantSchema() + '"');
        }
        props.setProperty("connectTimeout", seconds(settings.connectTimeout()));
        props.setProperty("loginTimeout", seconds(settings.loginTimeout()));
        props.setProperty("tcpKeepAlive", "true");
        try {
          return java.sql.DriverManager.getConnection(url, props);
        } catch (SQLException e) {
          throw ConnectFailure.of(l.target(), e);
        }
      }

      @Override
      public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("credentials come from the secret or settings");
      }
    };
  }

  private static String seconds(java.time.Duration d) {
    return Long.toString(Math.max(1, (d.toMillis() + 999) / 1000));
  }

  /**
   * A connection from the pool. Every failure names host and port: the pool's own message says only
   * that none was available in time.
   */
  @Override
  public synchronized Connection getConnection() throws SQLException {
    prepare();
    try {
      if (pool == null) {
        pool = new HikariDataSource(config(login, settings));
      }
      return pool.getConnection();
    } catch (SQLException e) {
      throw ConnectFailure.of(login.target(), driverFailure(e));
    } catch (RuntimeException e) {
      // HikariCP reports a pool that could not be started as PoolInitializationException.
      Throwable cause = e.getCause();
      if (!(cause instanceof SQLException sql)) {
        throw e;
      }
      throw ConnectFailure.of(login.target(), driverFailure(sql));
    }
  }

  /** The driver's failure inside the pool's, which carries its SQLSTATE and reason. */
  private static SQLException driverFailure(SQLException e) {
    return e.getCause() instanceof SQLException inner && inner.getSQLState() != null ? inner : e;
  }

  private static HikariConfig config(Login login, LambdaSettings settings) {
    HikariConfig c = new HikariConfig();
    c.setPoolName("dbmigrate");
    c.setJdbcUrl(login.url());
    c.setUsername(login.user());
    if (login.password() != null) {
      c.setPassword(login.password());
    }
    c.setMaximumPoolSize(2);
    c.setMinimumIdle(1);
    // One attempt when the pool is built: a refused password fails at once with the driver's own
    // error (28P01), which the engine reports as AUTHENTICATION and the handler answers by
    // reading the secret again.
    c.setInitializationFailTimeout(1);
    // The login is bounded by login-timeout (TCP, TLS, authentication); a borrow waits a little
    // longer, so the driver's own reason is what is reported. Nothing bounds a statement once
    // logged in (no socketTimeout): migrations may run for as long as statement-timeout allows.
    long loginSeconds = Math.max(1, (settings.loginTimeout().toMillis() + 999) / 1000);
    c.setConnectionTimeout(Math.max(15_000, loginSeconds * 1000 + 5_000));
    // A frozen container's idle connections may be gone when it thaws; Hikari checks each one
    // before lending it, and these limits keep old ones from piling up.
    c.setIdleTimeout(120_000);
    c.setMaxLifetime(900_000);
    c.setAutoCommit(true);
    if (!login.url().startsWith(JdbcUrl.PREFIX)) {
      // MariaDB Connector/J, for MySQL and MariaDB: its connect timeout counts milliseconds and
      // covers the handshake; it takes jdbc:mysql: URLs only when told to.
      c.setDriverClassName("org.mariadb.jdbc.Driver");
      c.addDataSourceProperty(
          "connectTimeout", Long.toString(Math.max(1, settings.connectTimeout().toMillis())));
      c.addDataSourceProperty("connectionAttributes", "program_name:dbmigrate-lambda");
      c.addDataSourceProperty("tcpKeepAlive", "true");
      return c;
    }
    c.addDataSourceProperty("ApplicationName", "dbmigrate-lambda");
    if (settings.tenantSchema() != null) {
      // A tenant's migrations name their tables unqualified: its schema is the search path, sent
      // when the connection logs in, as the command line does.
      c.addDataSourceProperty("currentSchema", '"' + settings.tenantSchema() + '"');
    }
    c.addDataSourceProperty(
        "connectTimeout",
        Long.toString(Math.max(1, (settings.connectTimeout().toMillis() + 999) / 1000)));
    c.addDataSourceProperty("loginTimeout", Long.toString(loginSeconds));
    // A lock connection idle through a long migration must not be dropped by NAT on the way.
    c.addDataSourceProperty("tcpKeepAlive", "true");
    return c;
  }

  /**
   * Closes the pool's connections, so their sessions end and take any lock they hold with them; the
   * next connection comes from a new pool.
   */
  synchronized void discardConnections() {
    closePool();
  }

  private void closePool() {
    if (pool != null) {
      pool.close();
      pool = null;
    }
  }

  @Override
  public synchronized void close() {
    closePool();
    if (credentials != null) {
      credentials.close();
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("credentials come from the secret or the settings");
  }
}
