package dev.dbmigrate.lambda;

import static dev.dbmigrate.lambda.Fixtures.event;
import static dev.dbmigrate.lambda.Fixtures.failure;
import static dev.dbmigrate.lambda.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.aws.testing.FakeSecretsManager;
import dev.dbmigrate.testing.PostgresDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A database that accepts connections only after a while, as a paused Aurora Serverless v2 cluster
 * does while it resumes: the function keeps trying within the invocation's time, says so in the
 * reply, and gives up in time when the database does not come.
 */
class MigrationHandlerResumeTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  FakeSecretsManager aws;
  SecretsManagerClient client;

  @BeforeEach
  void start() throws Exception {
    aws = new FakeSecretsManager();
    client = aws.client();
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    aws.close();
    db.execute("drop table if exists dbmigrate_migrations, widgets");
  }

  private void secretFor(DelayedProxy proxy) {
    aws.put(
        "app/db",
        Fixtures.secret(
            "127.0.0.1",
            proxy.port(),
            db.name(),
            db.user(),
            db.password().isEmpty() ? "unused" : db.password()));
  }

  @Test
  @Timeout(60)
  void a_database_that_starts_accepting_later_is_waited_for_and_the_reply_says_so()
      throws Exception {
    try (DelayedProxy proxy = new DelayedProxy(db.host(), db.port(), Duration.ofSeconds(4))) {
      secretFor(proxy);
      try (MigrationHandler handler =
          new MigrationHandler(Fixtures.env("app/db", Fixtures.OK_PACKAGE), () -> client)) {
        // The invocation starts now: the container was made before it.
        TestContext context = new TestContext(Duration.ofSeconds(40));
        Map<String, Object> reply = handler.handleRequest(event("latest"), context);
        assertEquals(true, reply.get("success"), reply::toString);
        assertEquals(2, ((List<?>) reply.get("executed")).size(), reply::toString);
        List<?> notes = (List<?>) reply.get("notes");
        assertTrue(
            notes != null
                && notes.size() == 1
                && String.valueOf(notes.get(0))
                    .startsWith("the database did not accept connections at first"),
            reply::toString);
        assertTrue(String.valueOf(notes.get(0)).contains("resuming"), reply::toString);
        assertTrue(context.log().contains("does not accept connections yet"), context::log);
        assertTrue(context.log().contains("connected on attempt"), context::log);
      }
    }
    assertEquals(2L, db.scalar("select count(*) from dbmigrate_migrations"));
  }

  @Test
  @Timeout(60)
  void a_database_that_never_comes_fails_with_connection_before_the_invocations_time_is_up()
      throws Exception {
    try (DelayedProxy proxy = new DelayedProxy(db.host(), db.port(), null)) {
      secretFor(proxy);
      Duration remaining = Duration.ofSeconds(8);
      try (MigrationHandler handler =
          new MigrationHandler(Fixtures.env("app/db", Fixtures.OK_PACKAGE), () -> client)) {
        // The invocation starts now: the container was made before it.
        TestContext context = new TestContext(remaining);
        long start = System.nanoTime();
        JsonNode reply = failure(handler, event("latest"), context);
        long took = (System.nanoTime() - start) / 1_000_000;
        assertTrue(took < remaining.toMillis(), "replied after " + took + " ms");
        assertEquals("CONNECTION", text(reply, "code"), reply::toString);
        String message = text(reply, "message");
        assertTrue(message.contains("127.0.0.1:" + proxy.port()), message);
        assertTrue(message.matches("(?s).*tried [2-9] times over \\d+\\.\\d s.*"), message);
        assertTrue(
            reply.field("notes").orElseThrow().asArray().get(0).asString().contains("resuming"),
            reply::toString);
      }
    }
  }

  /** A database that does not exist is not one that is resuming: it is reported at once. */
  @Test
  void an_unknown_database_is_not_retried() throws Exception {
    aws.put(
        "app/db",
        Fixtures.secret(db.host(), db.port(), "no_such_database_here", db.user(), "unused"));
    try (MigrationHandler handler =
        new MigrationHandler(Fixtures.env("app/db", Fixtures.OK_PACKAGE), () -> client)) {
      // The invocation starts now: the container was made before it.
      TestContext context = new TestContext(Duration.ofSeconds(30));
      JsonNode reply = failure(handler, event("status"), context);
      assertEquals("CONNECTION", text(reply, "code"), reply::toString);
      assertTrue(text(reply, "message").contains("does not exist"), reply::toString);
      assertTrue(reply.field("notes").isEmpty(), reply::toString);
      assertTrue(!context.log().contains("does not accept connections yet"), context::log);
    }
  }
}
