package dev.dbmigrate.lambda;

import static dev.dbmigrate.lambda.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.aws.testing.FakeSecretsManager;
import dev.dbmigrate.testing.PostgresDatabase;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * {@code {"command": "drift"}}: the function compares the live schema with what its applied
 * migrations build on a scratch database, and fails the invocation when they differ.
 */
class MigrationHandlerDriftTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  static FakeSecretsManager aws;
  static SecretsManagerClient client;
  static MigrationHandler handler;
  static final TestContext context = new TestContext();

  @BeforeAll
  static void start() throws Exception {
    aws = new FakeSecretsManager();
    client = aws.client();
    aws.put(
        "app/db",
        Fixtures.secret(
            db.host(),
            db.port(),
            db.name(),
            db.user(),
            db.password().isEmpty() ? "unused" : db.password()));
    handler =
        new MigrationHandler(Fixtures.env("app/db", MigrationHandlerSqlTest.PACKAGE), () -> client);
  }

  @AfterAll
  static void stop() {
    handler.close();
    client.close();
    aws.close();
  }

  @Test
  void drift_replies_no_difference_then_fails_naming_an_index_dropped_by_hand() throws Exception {
    handler.handleRequest(event("latest"), context);
    Map<String, Object> reply = handler.handleRequest(event("drift"), context);
    assertEquals(false, reply.get("drifted"), reply::toString);
    assertEquals(true, reply.get("success"));

    db.execute("drop index gadgets_tagged");
    JsonNode failure = Fixtures.failure(handler, event("drift"), context);
    assertEquals("DRIFT", Fixtures.text(failure, "code"));
    String message = Fixtures.text(failure, "message");
    assertTrue(message.contains("index gadgets_tagged removed outside migrations"), () -> message);
    assertEquals(
        0L, db.scalar("select count(*) from pg_database where datname like 'dbm_scratch_%'"));
  }

  @Test
  void drift_takes_no_dry_run() {
    Map<String, Object> event = event("drift");
    event.put("dryRun", true);
    JsonNode failure = Fixtures.failure(handler, event, context);
    assertEquals("CONFIGURATION", Fixtures.text(failure, "code"));
  }
}
