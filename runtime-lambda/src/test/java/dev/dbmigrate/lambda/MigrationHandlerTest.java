package dev.dbmigrate.lambda;

import static dev.dbmigrate.lambda.Fixtures.ADD_COLOR;
import static dev.dbmigrate.lambda.Fixtures.CREATE_WIDGETS;
import static dev.dbmigrate.lambda.Fixtures.event;
import static dev.dbmigrate.lambda.Fixtures.failure;
import static dev.dbmigrate.lambda.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.aws.testing.FakeSecretsManager;
import dev.dbmigrate.testing.PostgresDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * One warm container through a sequence of invocations, as a pipeline would send them: each test
 * continues from the database state the previous one left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrationHandlerTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  /** Trust authentication ignores it, but it must never reach a log line. */
  static final String PASSWORD = "S3cret-never-logged";

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
            db.password().isEmpty() ? PASSWORD : db.password()));
    handler = new MigrationHandler(Fixtures.env("app/db", Fixtures.OK_PACKAGE), () -> client);
  }

  @AfterAll
  static void stop() {
    handler.close();
    client.close();
    aws.close();
  }

  @Test
  @Order(0)
  void dryRunShowsWhatLatestWouldSendAndChangesNothing() throws Exception {
    Map<String, Object> event = event("latest");
    event.put("dryRun", true);
    Map<String, Object> reply = handler.handleRequest(event, context);
    assertEquals(true, reply.get("dryRun"));
    assertEquals(List.of(CREATE_WIDGETS, ADD_COLOR), names(reply.get("migrations")));
    List<?> statements = (List<?>) entries(reply.get("migrations")).get(0).get("statements");
    assertTrue(
        statements.stream()
            .anyMatch(
                st ->
                    String.valueOf(((Map<?, ?>) st).get("sql"))
                        .toLowerCase(Locale.ROOT)
                        .startsWith("create table")),
        statements.toString());
    assertEquals(
        null,
        db.scalar("select to_regclass('public.dbmigrate_migrations')"),
        "a dry run creates nothing");
    assertEquals(null, db.scalar("select to_regclass('public.widgets')"));
  }

  @Test
  @Order(1)
  void latestAppliesEveryPendingMigrationAsOneBatch() throws Exception {
    Map<String, Object> reply = handler.handleRequest(event("latest"), context);
    assertEquals("latest", reply.get("command"));
    assertEquals(true, reply.get("success"));
    assertEquals(1, reply.get("batch"));
    assertEquals(List.of(CREATE_WIDGETS, ADD_COLOR), names(reply.get("executed")));
    assertEquals("up", entries(reply.get("executed")).get(0).get("direction"));
    assertTrue((Long) entries(reply.get("executed")).get(0).get("millis") >= 0);
    assertEquals(List.of(), reply.get("pending"));
    assertEquals(
        1L,
        db.scalar(
            "select count(*) from information_schema.columns"
                + " where table_name = 'widgets' and column_name = 'color'"));
    assertEquals(1, aws.reads(), "the secret is read once, when the container starts");
    String log = context.log();
    assertTrue(log.contains("dbmigrate latest: start latest\n"), log);
    assertTrue(log.contains("dbmigrate latest: applied " + CREATE_WIDGETS + " in "), log);
    assertTrue(log.contains("dbmigrate latest: done: batch 1, ran 2, 0 pending in "), log);
  }

  @Test
  @Order(2)
  void latestAgainHasNothingToDoAndReusesTheContainer() {
    Map<String, Object> reply = handler.handleRequest(event("latest"), context);
    assertEquals(0, reply.get("batch"));
    assertEquals(List.of(), reply.get("executed"));
    assertEquals(1, aws.reads());
  }

  @Test
  @Order(3)
  void statusListsEachMigrationWithItsStateBatchAndTime() {
    Map<String, Object> reply = handler.handleRequest(event("status"), context);
    assertEquals("status", reply.get("command"));
    assertEquals(true, reply.get("success"));
    assertEquals(true, reply.get("upToDate"));
    assertEquals(List.of(), reply.get("pending"));
    List<Map<?, ?>> migrations = entries(reply.get("migrations"));
    assertEquals(List.of(CREATE_WIDGETS, ADD_COLOR), names(reply.get("migrations")));
    assertEquals("applied", migrations.get(0).get("state"));
    assertEquals(1, migrations.get(0).get("batch"));
    assertNotNull(Instant.parse((String) migrations.get(0).get("appliedAt")));
  }

  @Test
  @Order(4)
  void downAndUpTakeAName() {
    Map<String, Object> down =
        handler.handleRequest(Map.of("command", "down", "name", ADD_COLOR), context);
    assertEquals(List.of(ADD_COLOR), names(down.get("executed")));
    assertEquals("down", entries(down.get("executed")).get(0).get("direction"));
    assertEquals(List.of(ADD_COLOR), down.get("pending"));

    Map<String, Object> status = handler.handleRequest(event("status"), context);
    assertEquals(List.of(ADD_COLOR), status.get("pending"));
    assertEquals("pending", entries(status.get("migrations")).get(1).get("state"));
    assertEquals(null, entries(status.get("migrations")).get(1).get("batch"));

    Map<String, Object> up =
        handler.handleRequest(Map.of("command", "up", "name", ADD_COLOR), context);
    assertEquals(List.of(ADD_COLOR), names(up.get("executed")));
    assertEquals(2, up.get("batch"));
  }

  @Test
  @Order(5)
  void rollbackAllRevertsEveryBatch() throws Exception {
    Map<String, Object> reply =
        handler.handleRequest(Map.of("command", "rollback", "all", true), context);
    assertEquals(List.of(ADD_COLOR, CREATE_WIDGETS), names(reply.get("executed")));
    assertEquals(List.of(CREATE_WIDGETS, ADD_COLOR), reply.get("pending"));
    assertEquals(0L, db.scalar("select count(*) from pg_tables where tablename = 'widgets'"));
  }

  @Test
  @Order(6)
  void anEmptyEventMeansLatest() {
    Map<String, Object> reply = handler.handleRequest(null, context);
    assertEquals("latest", reply.get("command"));
    assertEquals(List.of(CREATE_WIDGETS, ADD_COLOR), names(reply.get("executed")));
    assertEquals(0, handler.handleRequest(Map.of(), context).get("batch"));
  }

  @Test
  @Order(7)
  void anUnknownCommandFailsTheInvocation() {
    JsonNode reply = failure(handler, event("migrate"), context);
    assertEquals("migrate", text(reply, "command"));
    assertFalse(reply.field("success").orElseThrow().asBoolean());
    assertEquals("CONFIGURATION", text(reply, "code"));
    assertTrue(
        text(reply, "message").startsWith("unknown command 'migrate'; use latest, status,"),
        text(reply, "message"));
    assertTrue(reply.field("executed").orElseThrow().asArray().isEmpty());
  }

  @Test
  @Order(8)
  void misplacedEventFieldsAreRefused() {
    assertTrue(
        text(failure(handler, Map.of("command", "latest", "all", true), context), "message")
            .contains("\"all\" applies to rollback only"));
    assertTrue(
        text(failure(handler, Map.of("command", "rollback", "all", "yes"), context), "message")
            .contains("\"all\" must be true or false"));
    assertTrue(
        text(failure(handler, Map.of("command", "status", "name", "x"), context), "message")
            .contains("\"name\" applies to up and down only"));
    assertTrue(
        text(failure(handler, Map.of("command", "up", "name", "NoSuchThing"), context), "message")
            .contains("no pending migration is named NoSuchThing"));
  }

  @Test
  @Order(9)
  void logsAreOneShortLinePerEventAndNeverShowThePassword() {
    for (String line : context.lines) {
      assertTrue(line.startsWith("dbmigrate ") && line.endsWith("\n"), line);
      assertTrue(line.length() < 700, line);
      assertFalse(line.contains(PASSWORD), line);
    }
    assertEquals(1, aws.reads());
  }

  private static List<Map<?, ?>> entries(Object list) {
    return ((List<?>) list).stream().<Map<?, ?>>map(e -> (Map<?, ?>) e).toList();
  }

  private static List<Object> names(Object list) {
    return entries(list).stream().<Object>map(e -> e.get("name")).toList();
  }
}
