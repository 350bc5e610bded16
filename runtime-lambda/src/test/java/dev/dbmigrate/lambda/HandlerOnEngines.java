package dev.dbmigrate.lambda;

import static dev.dbmigrate.lambda.Fixtures.ADD_COLOR;
import static dev.dbmigrate.lambda.Fixtures.CREATE_WIDGETS;
import static dev.dbmigrate.lambda.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.aws.testing.FakeSecretsManager;
import dev.dbmigrate.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The function on every engine, reading an RDS secret whose {@code engine} names it: latest,
 * status, a dry run and rollback through one warm container. Each subclass registers a fresh
 * database of its engine.
 */
abstract class HandlerOnEngines {

  static final TestContext context = new TestContext();

  abstract TestDatabase db();

  /** The secret's engine field, as RDS writes it. */
  abstract String secretEngine();

  /** A user of the fresh database; a secret always carries a password. */
  abstract String user() throws Exception;

  abstract String password();

  @Test
  void latest_status_dry_run_and_rollback_work_from_a_secret_of_this_engine() throws Exception {
    db().clear();
    try (FakeSecretsManager aws = new FakeSecretsManager();
        SecretsManagerClient client = aws.client()) {
      aws.put(
          "app/db",
          Fixtures.secret(
              secretEngine(), db().host(), db().port(), db().name(), user(), password()));
      try (MigrationHandler handler =
          new MigrationHandler(Fixtures.env("app/db", Fixtures.OK_PACKAGE), () -> client)) {
        Map<String, Object> dry = event("latest");
        dry.put("dryRun", true);
        assertEquals(true, handler.handleRequest(dry, context).get("success"));

        Map<String, Object> reply = handler.handleRequest(event("latest"), context);
        assertEquals(true, reply.get("success"), reply::toString);
        assertEquals(1, reply.get("batch"));
        assertEquals(
            1L,
            ((Number)
                    db().scalar(
                            "select count(*) from information_schema.columns"
                                + " where table_name = 'widgets' and column_name = 'color'"))
                .longValue());

        Map<String, Object> status = handler.handleRequest(event("status"), context);
        assertTrue(String.valueOf(status).contains(CREATE_WIDGETS), status::toString);
        assertTrue(String.valueOf(status).contains(ADD_COLOR), status::toString);

        Map<String, Object> back = handler.handleRequest(event("rollback"), context);
        assertEquals(true, back.get("success"), back::toString);
        assertEquals(
            0L, ((Number) db().scalar("select count(*) from dbmigrate_migrations")).longValue());
        assertEquals(
            List.of(),
            db().query(
                    "select table_name from information_schema.tables where table_name ="
                        + " 'widgets'",
                    rs -> {
                      List<String> names = new java.util.ArrayList<>();
                      while (rs.next()) {
                        names.add(rs.getString(1));
                      }
                      return names;
                    }));
      }
    }
  }
}
