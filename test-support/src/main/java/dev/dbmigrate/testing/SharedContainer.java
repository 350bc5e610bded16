package dev.dbmigrate.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The one Testcontainers PostgreSQL container of this JVM, used only when no other server is
 * reachable.
 *
 * <p>It is the only class that names Testcontainers types, so the usual path (a local server) never
 * loads Testcontainers, and callers can catch {@link LinkageError} if a consumer excluded it.
 */
final class SharedContainer {

  static final String IMAGE = "postgres:15-alpine";

  private static PostgreSQLContainer<?> container;

  private SharedContainer() {}

  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Starts the container on first use. One container serves every test class (each gets its own
   * database on it), because starting one costs seconds. Its superuser needs a password over TCP,
   * so it also serves {@link PasswordPostgres}.
   */
  static synchronized ServerEndpoint endpoint() {
    if (container == null) {
      PostgreSQLContainer<?> c =
          new PostgreSQLContainer<>(DockerImageName.parse(IMAGE)).withDatabaseName("postgres");
      c.start();
      // Ryuk removes the container when the JVM ends; the hook covers setups that disable Ryuk.
      Runtime.getRuntime().addShutdownHook(new Thread(c::stop, "dbmigrate-testcontainers-stop"));
      container = c;
    }
    return new ServerEndpoint(
        container.getJdbcUrl(),
        container.getUsername(),
        container.getPassword(),
        container.getHost(),
        container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT));
  }
}
