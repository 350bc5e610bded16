package dev.dbmigrate.cli.db;

import dev.dbmigrate.aws.DatabaseSecret;
import dev.dbmigrate.aws.SecretsManagerCredentials;
import dev.dbmigrate.cli.config.ConfigFile;
import dev.dbmigrate.cli.config.Connection;
import dev.dbmigrate.cli.config.Connection.Part;
import dev.dbmigrate.engine.ConnectionSource;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.settings.ConnectFailure;
import dev.dbmigrate.engine.settings.JdbcUrl;
import dev.dbmigrate.engine.settings.Target;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The CLI's connections, opened straight through the PostgreSQL driver. A run needs at most two
 * (the lock connection and the work connection) and ends, so a pool would only add start-up time
 * and, in HikariCP's case, a one-second wait before a failed connection is reported. Nothing is
 * opened until the engine asks, so a migration that does not compile is reported first. With {@code
 * --secret-id}, host, port, database, user and password come from AWS Secrets Manager, except the
 * parts given as strongly as the secret itself.
 *
 * <p>Every connection is bounded in time before it is usable (connect-timeout for TCP,
 * login-timeout for TLS, the startup and the password exchange) and keeps TCP keepalive on; once
 * logged in, nothing limits how long a statement may take, so long migrations are not cut off.
 */
public final class Database implements ConnectionSource {

  /** Told what the run is about to touch, once, before the first connection. */
  public interface Listener {
    void connecting(Target target, List<String> notes);

    void created(Target target);
  }

  private final Connection connection;
  private final String environment;
  private final String applicationName;
  private final boolean createDefaultDatabase;
  private final Listener listener;
  private final java.sql.Driver driver;
  private Resolved resolved;

  /** Where to connect and as whom, once known. */
  private record Login(Target target, String url, Properties properties, boolean mayCreate) {}

  /**
   * @param createDefaultDatabase create dbmigrate's own default database when it is absent
   */
  public Database(
      Connection connection,
      String environment,
      String applicationName,
      boolean createDefaultDatabase,
      Listener listener) {
    this.connection = connection;
    this.environment = environment;
    // Shown in pg_stat_activity, so whoever finds the lock held can tell which run holds it.
    this.applicationName =
        applicationName.length() > 63 ? applicationName.substring(0, 63) : applicationName;
    this.createDefaultDatabase = createDefaultDatabase && postgres();
    this.listener = listener;
    // MariaDB Connector/J serves MySQL too (with permitMysqlScheme for jdbc:mysql: URLs), so one
    // driver covers MySQL, MariaDB and Aurora MySQL.
    this.driver = postgres() ? new org.postgresql.Driver() : new org.mariadb.jdbc.Driver();
  }

  private boolean postgres() {
    return JdbcUrl.POSTGRESQL.equals(connection.scheme());
  }

  /**
   * The same login on another database of the same server, for {@code test} and {@code drift}'s
   * scratch database: it says nothing on connecting (the target was named already) and creates
   * nothing.
   */
  public Database onDatabase(String name) {
    Connection c = connection;
    Connection other =
        new Connection(
            c.host(),
            c.port(),
            Part.of(name, Connection.Rank.FLAG, "the scratch database"),
            c.user(),
            c.password(),
            c.query(),
            c.secretId(),
            c.region(),
            c.sslMode(),
            c.connectTimeout(),
            c.loginTimeout(),
            c.searchPath(),
            List.of(),
            c.scheme());
    return new Database(
        other,
        environment,
        applicationName,
        false,
        new Listener() {
          @Override
          public void connecting(Target target, List<String> notes) {}

          @Override
          public void created(Target target) {}
        });
  }

  /** What this run connects to, once a connection was asked for; null before. */
  public synchronized Target target() {
    return resolved == null ? null : resolved.target();
  }

  @Override
  public java.sql.Connection getConnection() throws SQLException {
    Login l = login();
    try {
      return open(l, l.url());
    } catch (SQLException e) {
      if (!"3D000".equals(e.getSQLState())) {
        throw e;
      }
      if (!l.mayCreate()) {
        throw connection.defaultDatabase()
            ? new SQLException(
                e.getMessage()
                    + " (dbmigrate's default database: a command that changes the schema, such"
                    + " as dbmigrate latest, creates it)",
                e.getSQLState(),
                e)
            : e;
      }
      createDatabase(l);
      return open(l, l.url());
    }
  }

  private synchronized Login login() {
    if (resolved == null) {
      resolved = new LoginPlan(connection, environment).resolve(this::secret);
      listener.connecting(resolved.target(), resolved.notes());
    }
    return resolved.login();
  }

  private DatabaseSecret secret(Part secretId) {
    try (SecretsManagerCredentials credentials =
        SecretsManagerCredentials.create(secretId.value(), connection.region())) {
      return credentials.get();
    }
  }

  /** The default database is dbmigrate's own: made on first use, as an empty database. */
  private void createDatabase(Login l) throws SQLException {
    String maintenance =
        JdbcUrl.of(l.target().host(), l.target().port(), "postgres", connection.query());
    try (java.sql.Connection c = open(l, maintenance);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE \"" + l.target().database().replace("\"", "\"\"") + "\"");
    } catch (SQLException e) {
      // Another run may have made it at the same moment.
      if (!"42P04".equals(e.getSQLState())) {
        throw e;
      }
    }
    listener.created(l.target());
  }

  private java.sql.Connection open(Login l, String url) throws SQLException {
    java.sql.Connection c;
    dev.dbmigrate.cli.Warmup.driverLogQuiet();
    try {
      c = driver.connect(url, l.properties());
    } catch (SQLException e) {
      throw ConnectFailure.of(l.target(), e);
    }
    if (c == null) {
      throw new SQLException("not a JDBC URL of this driver: " + JdbcUrl.mask(url), "08001");
    }
    return c;
  }

  @Override
  public java.sql.Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("credentials come from the settings");
  }

  /** The plan's result: the login plus what to tell the user about where it came from. */
  record Resolved(Login login, List<String> notes) {
    Target target() {
      return login.target();
    }
  }

  /** Merges the settings' parts with the secret's, the stronger source winning each part. */
  private final class LoginPlan {
    private final Connection c;
    private final String env;
    private final List<String> notes = new ArrayList<>();

    LoginPlan(Connection c, String env) {
      this.c = c;
      this.env = env;
    }

    Resolved resolve(java.util.function.Function<Part, DatabaseSecret> secrets) {
      Part secretId = c.secretId();
      DatabaseSecret secret = secretId == null ? null : secrets.apply(secretId);
      String host = choose("host", c.host(), secretId, secret == null ? null : secret.host());
      String port =
          choose(
              "port",
              c.port(),
              secretId,
              secret == null || secret.port() <= 0 ? null : Integer.toString(secret.port()));
      if (secret != null
          && secret.dbname() == null
          && c.database().rank() == Connection.Rank.DEFAULT) {
        throw noDatabase(secretId);
      }
      String database =
          choose("database", c.database(), secretId, secret == null ? null : secret.dbname());
      String user = choose("user", c.user(), secretId, secret == null ? null : secret.username());
      String password = password(secretId, secret);
      String url = JdbcUrl.of(c.scheme(), host, port, database, c.query());
      Target target = new Target(host, port, database, user, env);
      Properties p = new Properties();
      p.setProperty("user", user);
      if (password != null) {
        p.setProperty("password", password);
      }
      if (!postgres()) {
        // Connector/J 3 takes a jdbc:mysql: URL only when the URL itself says so.
        String permitted =
            url.startsWith("jdbc:mysql:")
                ? url + (url.indexOf('?') < 0 ? "?" : "&") + "permitMysqlScheme"
                : url;
        return new Resolved(new Login(target, permitted, mysqlProperties(p), false), notes);
      }
      if (c.sslMode() != null) {
        p.setProperty("sslmode", c.sslMode());
      }
      p.setProperty("ApplicationName", applicationName);
      if (c.searchPath() != null) {
        // Sent in the startup packet as search_path: a tenant's migrations name their tables
        // unqualified, at no extra round trip. Quoted, as the history table's schema is.
        p.setProperty("currentSchema", '"' + c.searchPath() + '"');
      }
      p.setProperty("connectTimeout", Long.toString(seconds(c.connectTimeout())));
      p.setProperty("loginTimeout", Long.toString(seconds(c.loginTimeout())));
      // Long migrations through NAT or an SSM tunnel must not have their idle lock connection
      // dropped; socketTimeout stays 0, so no statement is cut off by the client.
      p.setProperty("tcpKeepAlive", "true");
      boolean mayCreate = createDefaultDatabase && c.defaultDatabase() && secret == null;
      return new Resolved(new Login(target, url, p, mayCreate), notes);
    }

    /**
     * MariaDB Connector/J's names for the same bounds: its connect timeout (milliseconds) covers
     * the TCP connect and the handshake; the program name shows in the server's connection
     * attributes. ssl-mode maps to its sslMode where the meaning is the same.
     */
    private Properties mysqlProperties(Properties p) {
      p.setProperty("connectTimeout", Long.toString(seconds(c.connectTimeout()) * 1000));
      p.setProperty("tcpKeepAlive", "true");
      p.setProperty("connectionAttributes", "program_name:" + applicationName.replace(',', ' '));
      String ssl = c.sslMode();
      if (ssl != null) {
        switch (ssl) {
          case "disable" -> p.setProperty("sslMode", "disable");
          case "require" -> p.setProperty("sslMode", "trust");
          case "verify-ca", "verify-full" -> p.setProperty("sslMode", ssl);
          default -> {
            // allow and prefer: the driver's default, which tries TLS where the server offers it.
          }
        }
      }
      return p;
    }

    /**
     * A secret without a database name, and nothing else naming one: dbmigrate's own default
     * database would be created on the secret's server and migrated instead of the application's.
     */
    private MigrationException noDatabase(Part secretId) {
      return new MigrationException(
          ErrorCode.CONFIGURATION,
          "secret '"
              + secretId.value()
              + "' ("
              + secretId.source()
              + ") has no 'dbname' field (the secret of an Aurora cluster made without a default"
              + " database name has none), and nothing else names the database: give it with"
              + " --database <name> (or DBMIGRATE_DATABASE, or database in "
              + ConfigFile.FILE_NAME
              + ")");
    }

    /**
     * The part from the settings when its source is at least as strong as the one naming the
     * secret, else the secret's; a source that loses while disagreeing is named in a note.
     */
    private String choose(String what, Part part, Part secretId, String fromSecret) {
      if (fromSecret == null || secretId == null) {
        return part.value();
      }
      boolean partWins =
          part.rank() != Connection.Rank.DEFAULT && part.rank().compareTo(secretId.rank()) >= 0;
      if (!part.value().equals(fromSecret) && part.rank() != Connection.Rank.DEFAULT) {
        notes.add(
            partWins
                ? what + " " + part.value() + " from " + part.source() + ", not the secret's"
                : what + " from the secret (" + secretId.source() + "), not " + part.source());
      }
      return partWins ? part.value() : fromSecret;
    }

    private String password(Part secretId, DatabaseSecret secret) {
      Part part = c.password();
      boolean partWins =
          part != null
              && (secret == null
                  || secret.password() == null
                  || part.rank().compareTo(secretId.rank()) >= 0);
      if (partWins) {
        return part.fromFile() ? PasswordFile.read(part) : part.value();
      }
      if (part != null) {
        notes.add("password from the secret (" + secretId.source() + "), not " + part.source());
      }
      return secret == null ? null : secret.password();
    }
  }

  /** Whole seconds, at least one: the driver takes its timeouts in seconds, 0 meaning none. */
  private static long seconds(java.time.Duration d) {
    return Math.max(1, (d.toMillis() + 999) / 1000);
  }
}
