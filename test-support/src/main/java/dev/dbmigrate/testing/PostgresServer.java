package dev.dbmigrate.testing;

import java.sql.SQLException;

/**
 * Finds the PostgreSQL server that {@link PostgresDatabase} creates its databases on, once per JVM.
 *
 * <p>Order: the server named by {@code DBMIGRATE_TEST_PG_URL}/{@code _USER}/{@code _PASSWORD}
 * (default: the local server on 127.0.0.1:5432 as {@code postgres}); if that is unreachable and the
 * URL was not set explicitly, a Testcontainers container; otherwise an {@link
 * IllegalStateException}. Tests must fail rather than skip when there is no database: a skipped
 * suite looks green in CI.
 */
final class PostgresServer {

  static final String URL_ENV = "DBMIGRATE_TEST_PG_URL";
  static final String USER_ENV = "DBMIGRATE_TEST_PG_USER";
  static final String PASSWORD_ENV = "DBMIGRATE_TEST_PG_PASSWORD";
  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
  static final String DEFAULT_USER = "postgres";

  static final String START_LOCAL_HINT =
      "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start";

  private static ServerEndpoint resolved;
  // A failure is remembered too: every later test class fails at once with the same explanation
  // instead of each waiting for the connect timeout and the Docker probe again.
  private static IllegalStateException failure;

  private PostgresServer() {}

  // The failure is remembered so that every later test class fails at once with the same
  // explanation instead of probing again; each caller gets a new exception that carries it.
  @SuppressWarnings("StaticAssignmentOfThrowable")
  static synchronized ServerEndpoint endpoint() {
    if (resolved != null) {
      return resolved;
    }
    if (failure != null) {
      throw new IllegalStateException(failure.getMessage(), failure.getCause());
    }
    try {
      resolved = resolve();
      return resolved;
    } catch (IllegalStateException e) {
      failure = e;
      throw e;
    }
  }

  private static ServerEndpoint resolve() {
    String envUrl = env(URL_ENV);
    boolean explicit = envUrl != null;
    String url = explicit ? envUrl : DEFAULT_URL;
    String user = env(USER_ENV) != null ? env(USER_ENV) : DEFAULT_USER;
    String password = env(PASSWORD_ENV) != null ? env(PASSWORD_ENV) : "";

    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalStateException(URL_ENV + " must be a jdbc:postgresql: URL, got: " + url);
    }
    ServerEndpoint configured = ServerEndpoint.of(url, user, password);
    SQLException connectError;
    try {
      ServerEndpoint.connect(url, user, password, ServerEndpoint.probeProperties()).close();
      return configured;
    } catch (SQLException e) {
      connectError = e;
    }

    String dockerNote;
    if (explicit) {
      // Someone chose a server on purpose; silently testing against another one would hide that it
      // is down.
      dockerNote = "Testcontainers was not tried because " + URL_ENV + " is set explicitly.";
    } else {
      boolean docker;
      try {
        docker = SharedContainer.dockerAvailable();
      } catch (LinkageError e) {
        docker = false;
      }
      if (docker) {
        try {
          return SharedContainer.endpoint();
        } catch (RuntimeException e) {
          IllegalStateException ise =
              failure(
                  url,
                  user,
                  connectError,
                  "Docker is available, but starting the Testcontainers container "
                      + SharedContainer.IMAGE
                      + " failed: "
                      + e);
          ise.addSuppressed(e);
          throw ise;
        }
      }
      dockerNote = "No Docker engine is available for the Testcontainers fallback.";
    }
    throw failure(url, user, connectError, dockerNote);
  }

  private static IllegalStateException failure(
      String url, String user, SQLException error, String dockerNote) {
    String message =
        "No PostgreSQL server for the dbmigrate tests.\n"
            + "Tried "
            + url
            + " as user "
            + user
            + ": "
            + error.getMessage()
            + " (SQLState "
            + error.getSQLState()
            + ")\n"
            + dockerNote
            + "\n"
            + "Fix one of:\n"
            + "  - start the local server: "
            + START_LOCAL_HINT
            + "\n"
            + "  - or point the tests at a server: set "
            + URL_ENV
            + ", "
            + USER_ENV
            + ", "
            + PASSWORD_ENV
            + "\n"
            + "  - or run a Docker engine so Testcontainers can start "
            + SharedContainer.IMAGE
            + " (only used when "
            + URL_ENV
            + " is not set)";
    return new IllegalStateException(message, error);
  }

  /** Blank counts as unset, because CI templates often export empty variables. */
  static String env(String name) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? null : value;
  }
}
