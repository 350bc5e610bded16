package dev.dbmigrate.testing;

import java.net.URI;
import java.sql.SQLException;

/**
 * Finds the MariaDB (or MySQL) server that {@link MariaDbDatabase} creates its databases on, once
 * per JVM: {@code DBMIGRATE_TEST_MYSQL_URL}/{@code _USER}/{@code _PASSWORD}, by default the local
 * server on 127.0.0.1:3306 as {@code root} with an empty password. Unreachable, the tests fail with
 * what to do; they never skip.
 */
final class MariaDbServer {

  static final String URL_ENV = "DBMIGRATE_TEST_MYSQL_URL";
  static final String USER_ENV = "DBMIGRATE_TEST_MYSQL_USER";
  static final String PASSWORD_ENV = "DBMIGRATE_TEST_MYSQL_PASSWORD";
  static final String DEFAULT_URL = "jdbc:mariadb://127.0.0.1:3306/";
  static final String DEFAULT_USER = "root";

  private static ServerEndpoint resolved;
  private static IllegalStateException failure;

  private MariaDbServer() {}

  static boolean isMySqlUrl(String url) {
    return url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:");
  }

  // Remembered, so that every later test class fails at once with the same explanation.
  @SuppressWarnings("StaticAssignmentOfThrowable")
  static synchronized ServerEndpoint endpoint() {
    if (resolved != null) {
      return resolved;
    }
    if (failure != null) {
      throw new IllegalStateException(failure.getMessage(), failure.getCause());
    }
    String url = env(URL_ENV, DEFAULT_URL);
    String user = env(USER_ENV, DEFAULT_USER);
    String password = env(PASSWORD_ENV, "");
    try {
      if (!isMySqlUrl(url)) {
        throw new IllegalStateException(
            URL_ENV + " must be a jdbc:mariadb: or jdbc:mysql: URL, got: " + url);
      }
      URI uri = URI.create(url.substring("jdbc:".length()));
      ServerEndpoint server =
          new ServerEndpoint(
              url, user, password, uri.getHost(), uri.getPort() < 0 ? 3306 : uri.getPort());
      try {
        server.connectAdmin().close();
      } catch (SQLException e) {
        throw new IllegalStateException(
            "No MariaDB server for the dbmigrate tests.\nTried "
                + url
                + " as user "
                + user
                + ": "
                + e.getMessage()
                + "\nFix one of:\n"
                + "  - start the local server: start-stop-daemon --start --background --exec"
                + " /usr/sbin/mariadbd (as .ci/run does)\n"
                + "  - or point the tests at a server: set "
                + URL_ENV
                + ", "
                + USER_ENV
                + ", "
                + PASSWORD_ENV,
            e);
      }
      resolved = server;
      return server;
    } catch (IllegalStateException e) {
      failure = e;
      throw e;
    }
  }

  private static String env(String name, String otherwise) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? otherwise : value;
  }
}
