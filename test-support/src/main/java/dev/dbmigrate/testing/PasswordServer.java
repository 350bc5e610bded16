package dev.dbmigrate.testing;

import java.sql.SQLException;

/**
 * Finds a PostgreSQL server that really checks passwords, once per JVM, for {@link
 * PasswordPostgres}.
 *
 * <p>Order: {@code DBMIGRATE_TEST_PG_SCRAM_URL}/{@code _USER}/{@code _PASSWORD}; else a private
 * SCRAM-SHA-256 cluster started from the local PostgreSQL binaries; else a Testcontainers
 * container; else an {@link IllegalStateException} (fail, never skip).
 */
final class PasswordServer {

  static final String URL_ENV = "DBMIGRATE_TEST_PG_SCRAM_URL";
  static final String USER_ENV = "DBMIGRATE_TEST_PG_SCRAM_USER";
  static final String PASSWORD_ENV = "DBMIGRATE_TEST_PG_SCRAM_PASSWORD";

  /** SQLSTATE invalid_password: what the server answers to a wrong password. */
  static final String INVALID_PASSWORD = "28P01";

  private static ServerEndpoint resolved;
  private static IllegalStateException failure;

  private PasswordServer() {}

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
    String url = PostgresServer.env(URL_ENV);
    if (url != null) {
      // Chosen explicitly: use it or fail, never quietly fall back to another server.
      String user =
          PostgresServer.env(USER_ENV) != null ? PostgresServer.env(USER_ENV) : "postgres";
      String password = PostgresServer.env(PASSWORD_ENV);
      if (password == null) {
        throw new IllegalStateException(
            URL_ENV
                + " is set but "
                + PASSWORD_ENV
                + " is not; "
                + "PasswordPostgres needs a role that logs in with a password.");
      }
      if (!url.startsWith("jdbc:postgresql:")) {
        throw new IllegalStateException(URL_ENV + " must be a jdbc:postgresql: URL, got: " + url);
      }
      ServerEndpoint server = ServerEndpoint.of(url, user, password);
      requirePasswordChecks(server, "the server in " + URL_ENV);
      return server;
    }

    PrivateCluster.Unavailable clusterProblem;
    try {
      PrivateCluster cluster = PrivateCluster.start();
      // One cluster per JVM: initdb costs about a second, and each test class gets its own
      // database on it anyway. The hook stops it when the test JVM exits.
      Runtime.getRuntime()
          .addShutdownHook(new Thread(cluster::stop, "dbmigrate-private-postgres-stop"));
      return cluster.endpoint();
    } catch (PrivateCluster.Unavailable e) {
      clusterProblem = e;
    }

    String dockerProblem;
    boolean docker;
    try {
      docker = SharedContainer.dockerAvailable();
    } catch (LinkageError e) {
      docker = false;
    }
    if (docker) {
      try {
        ServerEndpoint server = SharedContainer.endpoint();
        requirePasswordChecks(server, "the Testcontainers container");
        return server;
      } catch (RuntimeException e) {
        dockerProblem = "Docker is available, but the container failed: " + e;
      }
    } else {
      dockerProblem = "no Docker engine is available for Testcontainers.";
    }

    IllegalStateException ise =
        new IllegalStateException(
            "No password-checking PostgreSQL server for the dbmigrate tests.\n"
                + URL_ENV
                + " is not set.\n"
                + "Private cluster: "
                + clusterProblem.getMessage()
                + "\n"
                + "Testcontainers: "
                + dockerProblem
                + "\n"
                + "Fix one of:\n"
                + "  - make the private cluster work (see its error above): it needs the PostgreSQL server"
                + " programs initdb and pg_ctl (Debian: apt-get install postgresql)"
                + (isRoot()
                    ? ", and keep an OS user '"
                        + PrivateCluster.OS_USER
                        + "' to run them as (they refuse root)"
                    : "")
                + "\n"
                + "  - or set "
                + URL_ENV
                + ", "
                + USER_ENV
                + ", "
                + PASSWORD_ENV
                + " to a server whose role"
                + " needs a password (scram-sha-256) and may CREATE DATABASE and CREATE ROLE\n"
                + "  - or run a Docker engine so Testcontainers can start "
                + SharedContainer.IMAGE,
            clusterProblem);
    throw ise;
  }

  /**
   * A server with trust authentication would accept the wrong password too and make the tests that
   * use this class meaningless, so both answers are checked once up front.
   */
  private static void requirePasswordChecks(ServerEndpoint server, String what) {
    try {
      // the right password works
      ServerEndpoint.connect(
              server.adminUrl(), server.user(), server.password(), ServerEndpoint.probeProperties())
          .close();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot log in to "
              + what
              + " ("
              + server.adminUrl()
              + " as "
              + server.user()
              + "): "
              + e.getMessage()
              + " (SQLState "
              + e.getSQLState()
              + ")",
          e);
    }
    try {
      ServerEndpoint.connect(
              server.adminUrl(),
              server.user(),
              server.password() + "-wrong",
              ServerEndpoint.probeProperties())
          .close();
      throw new IllegalStateException(
          what
              + " ("
              + server.adminUrl()
              + ") accepted a wrong password for "
              + server.user()
              + ": it does not check passwords (trust authentication in pg_hba.conf?).");
    } catch (SQLException e) {
      if (!INVALID_PASSWORD.equals(e.getSQLState())) {
        throw new IllegalStateException(
            what
                + " answered a wrong password with SQLState "
                + e.getSQLState()
                + " instead of "
                + INVALID_PASSWORD
                + ": "
                + e.getMessage(),
            e);
      }
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }
}
