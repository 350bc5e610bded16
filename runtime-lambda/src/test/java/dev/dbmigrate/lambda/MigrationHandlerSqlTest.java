package dev.dbmigrate.lambda;

import static dev.dbmigrate.lambda.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.aws.testing.FakeSecretsManager;
import dev.dbmigrate.testing.PostgresDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * SQL migration files on the function's classpath, beside a Java migration in the same package: one
 * batch in timestamp order, COPY data and CONCURRENTLY indexes included, and back.
 */
class MigrationHandlerSqlTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  static final String PACKAGE = "dev.dbmigrate.lambda.it.mixed";
  static final List<String> ALL =
      List.of(
          "20260301000001_CreateGadgets",
          "20260301000002_AddGadgetColor",
          "20260301000003_IndexGadgets");

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
    handler = new MigrationHandler(Fixtures.env("app/db", PACKAGE), () -> client);
  }

  @AfterAll
  static void stop() {
    handler.close();
    client.close();
    aws.close();
  }

  @Test
  void java_and_sql_migrations_apply_as_one_batch_and_roll_back() throws Exception {
    Map<String, Object> dry =
        handler.handleRequest(Map.of("command", "latest", "dryRun", true), context);
    assertTrue(
        String.valueOf(dry).contains("COMMENT ON TABLE gadgets IS $$it's a table$$"),
        dry::toString);

    Map<String, Object> reply = handler.handleRequest(event("latest"), context);
    assertEquals(true, reply.get("success"), reply::toString);
    assertEquals(1, reply.get("batch"));
    assertEquals(ALL, names(reply.get("executed")));
    assertEquals(2L, db.scalar("select count(*) from gadgets"));
    assertEquals("it's {0}?", db.scalar("select color from gadgets where id = 1"));
    assertEquals(
        2L,
        db.scalar(
            "select count(*) from pg_indexes where indexname in ('gadgets_tagged', 'gadgets_color')"));

    Map<String, Object> status = handler.handleRequest(event("status"), context);
    assertEquals(true, status.get("upToDate"), status::toString);

    Map<String, Object> back =
        handler.handleRequest(Map.of("command", "rollback", "all", true), context);
    assertEquals(List.of(ALL.get(2), ALL.get(1), ALL.get(0)), names(back.get("executed")));
    assertEquals(null, db.scalar("select to_regclass('public.gadgets')"));
  }

  private static List<Object> names(Object executed) {
    return ((List<?>) executed)
        .stream().map(e -> ((Map<?, ?>) e).get("name")).map(Object.class::cast).toList();
  }
}
