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
 * A migration that runs longer than the invocation has left is stopped before the function would
 * be: its statement is canceled on the server, the run rolls back and releases the lock, and the
 * reply says TIME_LIMIT. The context's remaining time is short and counts down as Lambda's does.
 */
class MigrationHandlerDeadlineTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  static final String SLOW = "dev.dbmigrate.lambda.it.slow";
  static final String SLOW_NON_TRANSACTIONAL = "dev.dbmigrate.lambda.it.slownontx";

  FakeSecretsManager aws;
  SecretsManagerClient client;

  @BeforeEach
  void start() throws Exception {
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
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    aws.close();
    db.execute("drop table if exists dbmigrate_migrations, ticks, tocks");
    db.execute("drop function if exists tick_note(tick_kind)");
    db.execute("drop type if exists tick_kind");
  }

  @Test
  @Timeout(60)
  void a_statement_longer_than_the_invocation_is_canceled_rolled_back_and_reported_as_time_limit()
      throws Exception {
    Duration remaining = Duration.ofSeconds(6);
    try (MigrationHandler handler =
        new MigrationHandler(Fixtures.env("app/db", SLOW), () -> client)) {
      // The invocation starts now: the container was made before it.
      TestContext context = new TestContext(remaining);
      long start = System.nanoTime();
      JsonNode reply = failure(handler, event("latest"), context);
      long took = (System.nanoTime() - start) / 1_000_000;

      assertTrue(took < remaining.toMillis(), "replied after " + took + " ms");
      assertEquals("TIME_LIMIT", text(reply, "code"), reply::toString);
      assertEquals("20260401000002_SlowBackfill", text(reply, "migration"));
      assertTrue(
          text(reply, "message").contains("canceled the running statement"), reply::toString);
      // The watchdog's cancel, not the server's statement_timeout, stopped it.
      assertTrue(
          text(reply, "message").contains("canceling statement due to user request"),
          reply::toString);
      List<JsonNode> executed = reply.field("executed").orElseThrow().asArray();
      assertEquals(1, executed.size(), reply::toString);
      assertEquals(
          "20260401000001_CreateTicks", executed.get(0).field("name").orElseThrow().asString());
      assertTrue(context.log().contains("canceling the running statement"), context::log);
    }
    // Nothing of the slow migration stayed: its rows were rolled back, no history row.
    assertEquals(0L, db.scalar("select count(*) from ticks"));
    assertEquals(
        "20260401000001_CreateTicks",
        db.scalar("select string_agg(name, ',' order by name) from dbmigrate_migrations"));
    assertServerIsIdle();

    // The lock is free: a new container's status runs at once and shows the rest pending.
    try (MigrationHandler handler =
        new MigrationHandler(Fixtures.env("app/db", SLOW), () -> client)) {
      Map<String, Object> status = handler.handleRequest(event("status"), new TestContext());
      assertEquals(2, ((List<?>) status.get("pending")).size(), status::toString);
    }
  }

  @Test
  @Timeout(60)
  void a_non_transactional_migration_cut_short_is_recorded_as_failed_and_the_lock_released()
      throws Exception {
    try (MigrationHandler handler =
        new MigrationHandler(Fixtures.env("app/db", SLOW_NON_TRANSACTIONAL), () -> client)) {
      // The invocation starts now: the container was made before it.
      TestContext context = new TestContext(Duration.ofSeconds(6));
      JsonNode reply = failure(handler, event("latest"), context);
      assertEquals("TIME_LIMIT", text(reply, "code"), reply::toString);
      assertEquals("20260402000002_SlowIndex", text(reply, "migration"));
      assertTrue(text(reply, "message").contains("recorded"), reply::toString);
    }
    assertEquals(
        "failed",
        db.scalar(
            "select status from dbmigrate_migrations where name = '20260402000002_SlowIndex'"));
    assertServerIsIdle();
  }

  @Test
  void an_invocation_with_almost_no_time_left_runs_nothing() throws Exception {
    try (MigrationHandler handler =
        new MigrationHandler(Fixtures.env("app/db", SLOW), () -> client)) {
      JsonNode reply = failure(handler, event("latest"), new TestContext(Duration.ofMillis(900)));
      assertEquals("TIME_LIMIT", text(reply, "code"), reply::toString);
      assertTrue(text(reply, "message").contains("raise the function's timeout"), reply::toString);
    }
    assertEquals(0L, db.scalar("select count(*) from pg_tables where tablename = 'ticks'"));
  }

  /** No session of this database runs a statement or holds an advisory lock any more. */
  private static void assertServerIsIdle() throws Exception {
    assertEquals(
        0L,
        db.scalar(
            "select count(*) from pg_stat_activity where datname = current_database()"
                + " and pid <> pg_backend_pid() and state = 'active'"));
    assertEquals(
        0L,
        db.scalar(
            "select count(*) from pg_locks l join pg_database d on d.oid = l.database"
                + " where l.locktype = 'advisory' and d.datname = current_database()"));
  }
}
