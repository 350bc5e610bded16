package dev.dbmigrate.lambda;

import static dev.dbmigrate.lambda.Fixtures.event;
import static dev.dbmigrate.lambda.Fixtures.failure;
import static dev.dbmigrate.lambda.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.aws.testing.FakeSecretsManager;
import dev.dbmigrate.engine.ClasspathMigrationSource;
import dev.dbmigrate.engine.Direction;
import dev.dbmigrate.engine.MigrationListener;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.MigratorConfig;
import dev.dbmigrate.testing.PostgresDatabase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Every kind of failure fails the invocation, with a reply that says what went wrong. */
class MigrationHandlerFailureTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  static final String FAIL_ON_PURPOSE = "20260202000000_FailOnPurpose";

  FakeSecretsManager aws;
  SecretsManagerClient client;
  final TestContext context = new TestContext();

  @BeforeEach
  void start() throws Exception {
    aws = new FakeSecretsManager();
    client = aws.client();
    aws.put("app/db", secretFor(db.port()));
  }

  @AfterEach
  void stop() {
    client.close();
    aws.close();
  }

  @Test
  void aFailingMigrationFailsTheInvocationNamingItWithTheDatabaseError() throws Exception {
    Map<String, String> env = Fixtures.env("app/db", Fixtures.FAILING_PACKAGE);
    env.put("DBMIGRATE_TABLE", "history_failing");
    try (MigrationHandler handler = new MigrationHandler(env, () -> client)) {
      MigrationFailedError error =
          assertThrows(
              MigrationFailedError.class, () -> handler.handleRequest(event("latest"), context));
      assertEquals(0, error.getStackTrace().length, "no stack trace in the error payload");
      assertNull(error.getCause());

      JsonNode reply = JsonNode.parser().parse(error.getMessage());
      assertEquals("latest", text(reply, "command"));
      assertFalse(reply.field("success").orElseThrow().asBoolean());
      assertEquals("MIGRATION_FAILED", text(reply, "code"));
      assertEquals(FAIL_ON_PURPOSE, text(reply, "migration"));
      String message = text(reply, "message");
      assertTrue(
          message.contains("migration " + FAIL_ON_PURPOSE + " failed (up)")
              && message.contains("division by zero"),
          message);
      List<JsonNode> executed = reply.field("executed").orElseThrow().asArray();
      assertEquals(1, executed.size(), "what ran before the failure");
      assertEquals("20260201000000_CreateGadgets", text(executed.get(0), "name"));
      assertEquals("up", text(executed.get(0), "direction"));

      assertEquals(1L, db.scalar("select count(*) from pg_tables where tablename = 'gadgets'"));
      assertEquals(
          0L,
          db.scalar("select count(*) from pg_tables where tablename = 'half_done'"),
          "the failed migration rolled back");
      assertTrue(
          context
              .log()
              .contains(
                  "dbmigrate latest: failed: MIGRATION_FAILED in "
                      + FAIL_ON_PURPOSE
                      + ": migration"),
          context.log());

      Map<String, Object> status = handler.handleRequest(event("status"), context);
      assertEquals(List.of(FAIL_ON_PURPOSE), status.get("pending"), "the container still works");
    }
  }

  @Test
  void aMissingSecretFailsEachInvocationNamingItUntilItExists() {
    try (MigrationHandler handler =
        new MigrationHandler(Fixtures.env("app/not-yet", Fixtures.OK_PACKAGE), () -> client)) {
      JsonNode reply = failure(handler, event("status"), context);
      assertEquals("CONFIGURATION", text(reply, "code"));
      assertTrue(
          text(reply, "message")
              .startsWith("secret 'app/not-yet' was not found in region us-east-1"),
          text(reply, "message"));
      assertEquals(2, aws.reads(), "read at init, and again by the invocation");

      aws.put("app/not-yet", secretFor(db.port()));
      assertEquals(true, handler.handleRequest(event("status"), context).get("success"));
      assertEquals(3, aws.reads());
    }
  }

  @Test
  void aSecretWithoutPasswordIsNamedWithoutItsValue() {
    aws.put("app/half", "{\"username\":\"app\",\"host\":\"h\",\"apiKey\":\"SENSITIVE\"}");
    try (MigrationHandler handler =
        new MigrationHandler(Fixtures.env("app/half", Fixtures.OK_PACKAGE), () -> client)) {
      MigrationFailedError e =
          assertThrows(
              MigrationFailedError.class, () -> handler.handleRequest(event("latest"), context));
      assertTrue(
          e.getMessage().contains("secret 'app/half' has no 'password' field"), e.getMessage());
      assertFalse(e.getMessage().contains("SENSITIVE") || context.log().contains("SENSITIVE"));
    }
  }

  @Test
  void aBadSettingFailsEveryInvocationNamingTheVariable() {
    Map<String, String> env = Fixtures.env("app/db", Fixtures.OK_PACKAGE);
    env.put("DBMIGRATE_LOCK_TIMEOUT", "5 seconds");
    try (MigrationHandler handler = new MigrationHandler(env, () -> client)) {
      for (int i = 0; i < 2; i++) {
        JsonNode reply = failure(handler, event("latest"), context);
        assertEquals("CONFIGURATION", text(reply, "code"));
        assertEquals(
            "DBMIGRATE_LOCK_TIMEOUT '5 seconds' is not a duration; write e.g. 500ms, 5s,"
                + " 2m or 1h",
            text(reply, "message"));
      }
      assertEquals(0, aws.reads(), "nothing is read with a broken configuration");
    }
  }

  @Test
  void aRunHoldingTheLockPastTheWaitFailsWithLocked() throws Exception {
    Map<String, String> env = Fixtures.env("app/db", Fixtures.OK_PACKAGE);
    env.put("DBMIGRATE_TABLE", "history_locked");
    env.put("DBMIGRATE_LOCK_WAIT_TIMEOUT", "1s");
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<?> otherRun = CompletableFuture.runAsync(() -> otherRun(holding, release));
    try (MigrationHandler handler = new MigrationHandler(env, () -> client)) {
      assertTrue(holding.await(10, TimeUnit.SECONDS), "the other run took the lock");
      JsonNode reply = failure(handler, event("latest"), context);
      assertEquals("LOCKED", text(reply, "code"));
      assertTrue(
          text(reply, "message").startsWith("another migration run holds the lock"),
          text(reply, "message"));
      // The engine names the setting; the function words it as its variable.
      assertTrue(
          text(reply, "message").contains("DBMIGRATE_LOCK_WAIT_TIMEOUT"), text(reply, "message"));
      assertTrue(
          context
              .log()
              .contains(
                  "dbmigrate latest: waiting up to 1 s for the migration" + " lock, held by pid "),
          context.log());
    } finally {
      release.countDown();
      otherRun.get(20, TimeUnit.SECONDS);
    }
  }

  /** A run through the engine that holds the lock until released. */
  private void otherRun(CountDownLatch holding, CountDownLatch release) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(db.url());
    ds.setUser(db.user());
    ds.setPassword(db.password());
    MigrationListener blockFirst =
        new MigrationListener() {
          @Override
          public void starting(String migration, Direction direction, int index, int total) {
            holding.countDown();
            try {
              release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    new Migrator(
            ds,
            new ClasspathMigrationSource(getClass().getClassLoader(), Fixtures.OK_PACKAGE),
            MigratorConfig.defaults().withHistoryTable("public", "history_locked"),
            blockFirst)
        .latest();
  }

  private String secretFor(int port) {
    return Fixtures.secret(
        db.host(),
        port,
        db.name(),
        db.user(),
        db.password().isEmpty() ? "unused-with-trust" : db.password());
  }
}
