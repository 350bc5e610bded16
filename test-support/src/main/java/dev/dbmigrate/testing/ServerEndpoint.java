package dev.dbmigrate.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * Where a PostgreSQL server is and how to log in to it as the administrator that creates and drops
 * the per-class test databases.
 *
 * @param adminUrl JDBC URL of a maintenance database on the server (usually {@code postgres})
 * @param password may be empty (trust authentication)
 */
record ServerEndpoint(String adminUrl, String user, String password, String host, int port) {

  /**
   * Seconds to wait for the TCP connection, so a dead server fails a test quickly instead of
   * hanging.
   */
  static final String CONNECT_TIMEOUT_SECONDS = "3";

  private static final Driver DRIVER = new Driver();
  private static final java.sql.Driver MARIADB = new org.mariadb.jdbc.Driver();

  ServerEndpoint {
    password = password == null ? "" : password;
  }

  /**
   * Derives host and port from the URL with the driver's own parser, so every URL form it accepts
   * works.
   */
  static ServerEndpoint of(String adminUrl, String user, String password) {
    Properties parsed = Driver.parseURL(adminUrl, null);
    if (parsed == null) {
      throw new IllegalStateException("Not a PostgreSQL JDBC URL: " + adminUrl);
    }
    // Multi-host URLs list "h1,h2"; the first host is the one a plain connection tries first.
    String host = parsed.getProperty("PGHOST", "localhost").split(",", -1)[0];
    int port = Integer.parseInt(parsed.getProperty("PGPORT", "5432").split(",", -1)[0]);
    return new ServerEndpoint(adminUrl, user, password, host, port);
  }

  /**
   * The admin URL with its database replaced, keeping host list and query parameters
   * (Testcontainers, for one, adds {@code ?loggerLevel=OFF}; a user's URL may carry {@code
   * sslmode}).
   */
  String urlFor(String database) {
    String base = adminUrl;
    String query = "";
    int q = base.indexOf('?');
    if (q >= 0) {
      query = base.substring(q);
      base = base.substring(0, q);
    }
    int scheme = base.indexOf("://");
    if (scheme > 0) {
      int slash = base.indexOf('/', scheme + 3);
      String hosts = slash < 0 ? base : base.substring(0, slash);
      return hosts + "/" + database + query;
    }
    // "jdbc:postgresql:dbname" and "jdbc:postgresql:/" mean localhost:5432.
    return "jdbc:postgresql:" + database + query;
  }

  Connection connectAdmin() throws SQLException {
    return connect(adminUrl);
  }

  Connection connect(String url) throws SQLException {
    return connect(url, user, password, new Properties());
  }

  /** Also used with deliberately wrong passwords, which is why user and password are parameters. */
  static Connection connect(String url, String user, String password, Properties extra)
      throws SQLException {
    Properties props = new Properties();
    props.putAll(extra);
    props.setProperty("user", user);
    // An empty password would be sent as such; leaving it out lets trust auth work and makes
    // password-requiring servers fail with the driver's clear "no password was provided".
    if (password != null && !password.isEmpty()) {
      props.setProperty("password", password);
    }
    // The driver directly, not DriverManager: DriverManager loads every driver on the classpath,
    // including Testcontainers' jdbc:tc: driver, which drags in SLF4J and its warnings on stderr.
    Connection c;
    if (MariaDbServer.isMySqlUrl(url)) {
      // MariaDB Connector/J counts its connect timeout in milliseconds.
      props.putIfAbsent("connectTimeout", CONNECT_TIMEOUT_SECONDS + "000");
      props.putIfAbsent("permitMysqlScheme", "true");
      c = MARIADB.connect(url, props);
    } else {
      props.putIfAbsent("connectTimeout", CONNECT_TIMEOUT_SECONDS);
      c = DRIVER.connect(url, props);
    }
    if (c == null) {
      throw new SQLException("Not a PostgreSQL or MariaDB JDBC URL: " + url, "08001");
    }
    return c;
  }

  /**
   * Properties for probing a server: besides TCP, bound the whole login, so a stuck server cannot
   * hang.
   */
  static Properties probeProperties() {
    Properties props = new Properties();
    props.setProperty("loginTimeout", "10");
    return props;
  }

  @Override
  public String toString() {
    // Never put the password into assertion messages or logs.
    return "ServerEndpoint[" + adminUrl + " as " + user + "]";
  }
}
