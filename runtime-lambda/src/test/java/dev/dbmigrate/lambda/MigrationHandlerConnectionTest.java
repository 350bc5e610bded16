package dev.dbmigrate.lambda;

import static dev.dbmigrate.lambda.Fixtures.event;
import static dev.dbmigrate.lambda.Fixtures.failure;
import static dev.dbmigrate.lambda.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.aws.testing.FakeSecretsManager;
import dev.dbmigrate.testing.PostgresDatabase;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Where the connection settings come from, and what happens when they lead nowhere. */
class MigrationHandlerConnectionTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  FakeSecretsManager aws;
  SecretsManagerClient client;
  final TestContext context = new TestContext();

  @BeforeEach
  void start() throws Exception {
    aws = new FakeSecretsManager();
    client = aws.client();
  }

  @AfterEach
  void stop() {
    client.close();
    aws.close();
  }

  /** RDS keeps only the username and password in the secret it manages for the master user. */
  @Test
  void anRdsManagedSecretTakesHostPortAndDatabaseFromTheSettings() {
    aws.put("rds!db-1", "{\"username\":\"" + db.user() + "\",\"password\":\"" + password() + "\"}");
    Map<String, String> env = Fixtures.env("rds!db-1", Fixtures.OK_PACKAGE);
    try (MigrationHandler handler = new MigrationHandler(env, () -> client)) {
      JsonNode reply = failure(handler, event("status"), context);
      assertEquals("CONFIGURATION", text(reply, "code"));
      assertTrue(
          text(reply, "message")
                  .startsWith("secret 'rds!db-1': the secret has no 'host'" + " field")
              && text(reply, "message").contains("DBMIGRATE_HOST"),
          text(reply, "message"));
    }
    env.put("DBMIGRATE_DB_HOST", db.host());
    env.put("DBMIGRATE_DB_PORT", Integer.toString(db.port()));
    env.put("DBMIGRATE_DB_NAME", db.name());
    try (MigrationHandler handler = new MigrationHandler(env, () -> client)) {
      assertEquals(true, handler.handleRequest(event("status"), context).get("success"));
    }
  }

  /**
   * The secret CDK generates for an Aurora cluster, as its attachment writes it; without dbname
   * when the cluster has no default database name. The function's stack sets DBMIGRATE_DB_NAME,
   * which names the database then; without it the reply names the variable to set.
   */
  @Test
  void cdksGeneratedSecretWithoutDbnameTakesTheDatabaseFromTheVariable() {
    aws.put(
        "DatabaseClusterSecretA1B2C3-abcdEFGH",
        "{\"password\":\""
            + password()
            + "\",\"engine\":\"postgres\",\"port\":"
            + db.port()
            + ",\"dbClusterIdentifier\":\"development-database-databaseclustera1b2c3d4\","
            + "\"host\":\""
            + db.host()
            + "\",\"username\":\""
            + db.user()
            + "\"}");
    Map<String, String> env =
        Fixtures.env("DatabaseClusterSecretA1B2C3-abcdEFGH", Fixtures.OK_PACKAGE);
    try (MigrationHandler handler = new MigrationHandler(env, () -> client)) {
      JsonNode reply = failure(handler, event("status"), context);
      assertEquals("CONFIGURATION", text(reply, "code"));
      assertTrue(
          text(reply, "message").contains("no 'dbname' field")
              && text(reply, "message").contains("DBMIGRATE_DATABASE"),
          text(reply, "message"));
    }
    env.put("DBMIGRATE_DB_NAME", db.name());
    try (MigrationHandler handler = new MigrationHandler(env, () -> client)) {
      Map<String, Object> reply = handler.handleRequest(event("status"), context);
      assertEquals(true, reply.get("success"), reply::toString);
      assertEquals(db.name(), ((Map<?, ?>) reply.get("target")).get("database"));
    }
  }

  @Test
  void aUrlServesLocalRunsWithoutSecretsManager() {
    Map<String, String> env = new HashMap<>();
    env.put("DBMIGRATE_URL", db.url());
    env.put("DBMIGRATE_USER", db.user());
    env.put("DBMIGRATE_PASSWORD", password());
    env.put("DBMIGRATE_SSLMODE", "disable");
    env.put("DBMIGRATE_MIGRATIONS_PACKAGE", Fixtures.OK_PACKAGE);
    env.put("DBMIGRATE_TABLE", "history_url");
    try (MigrationHandler handler =
        new MigrationHandler(
            env,
            () -> {
              throw new AssertionError("no Secrets Manager client without a secret");
            })) {
      Map<String, Object> reply = handler.handleRequest(event("status"), context);
      assertEquals(2, ((List<?>) reply.get("pending")).size());
      assertEquals(0, aws.reads());
    }
  }

  @Test
  void anUnreachableDatabaseFailsWithConnection() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    aws.put("app/db", Fixtures.secret(db.host(), closedPort, db.name(), db.user(), password()));
    try (MigrationHandler handler =
        new MigrationHandler(Fixtures.env("app/db", Fixtures.OK_PACKAGE), () -> client)) {
      // A refused connection is tried again within the invocation's time; a short one keeps
      // this test short.
      JsonNode reply = failure(handler, event("latest"), new TestContext(Duration.ofSeconds(4)));
      assertEquals("CONNECTION", text(reply, "code"));
      assertTrue(
          text(reply, "message").startsWith("could not connect to the database"),
          text(reply, "message"));
    }
  }

  /** The local server has no TLS: with the default sslmode the driver must refuse it. */
  @Test
  void tlsWithCertificateCheckIsTheDefault() {
    aws.put("app/db", Fixtures.secret(db.host(), db.port(), db.name(), db.user(), password()));
    Map<String, String> env = Fixtures.env("app/db", Fixtures.OK_PACKAGE);
    env.remove("DBMIGRATE_SSLMODE");
    try (MigrationHandler handler = new MigrationHandler(env, () -> client)) {
      JsonNode reply = failure(handler, event("status"), context);
      assertEquals("CONNECTION", text(reply, "code"));
      assertTrue(text(reply, "message").contains("does not support SSL"), text(reply, "message"));
    }
  }

  private static String password() {
    return db.password().isEmpty() ? "unused-with-trust" : db.password();
  }

  @Test
  @org.junit.jupiter.api.Timeout(60) // without a login timeout the pool's first connection waited
  void aServerThatAcceptsTcpAndNeverAnswersFailsInBoundedTimeNamingHostAndPort() throws Exception {
    java.util.List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    held.add(silent.accept());
                  }
                } catch (java.io.IOException closed) {
                  // the test is over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      aws.put(
          "app/db",
          Fixtures.secret("127.0.0.1", silent.getLocalPort(), db.name(), db.user(), password()));
      Map<String, String> env = Fixtures.env("app/db", Fixtures.OK_PACKAGE);
      env.put("DBMIGRATE_LOGIN_TIMEOUT", "2s");
      long start = System.nanoTime();
      try (MigrationHandler handler = new MigrationHandler(env, () -> client)) {
        // A login that times out is tried again (a resuming database may hold it), within the
        // invocation's time: bounded by that.
        JsonNode reply = failure(handler, event("latest"), new TestContext(Duration.ofSeconds(12)));
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertTrue(seconds < 20, "took " + seconds + " s");
        assertEquals("CONNECTION", text(reply, "code"));
        assertTrue(
            text(reply, "message").contains("127.0.0.1:" + silent.getLocalPort()),
            text(reply, "message"));
        assertTrue(
            text(reply, "message").contains("DBMIGRATE_LOGIN_TIMEOUT"), text(reply, "message"));
      }
    } finally {
      for (java.net.Socket s : held) {
        s.close();
      }
    }
  }
}
