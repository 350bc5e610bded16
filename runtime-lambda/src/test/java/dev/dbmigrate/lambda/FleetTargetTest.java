package dev.dbmigrate.lambda;

import static dev.dbmigrate.lambda.Fixtures.failure;
import static dev.dbmigrate.lambda.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.aws.testing.FakeSecretsManager;
import dev.dbmigrate.testing.PostgresDatabase;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * One fleet target per invocation, as the state machine's map sends them: the event's target (a
 * secret or a URL, and a tenant schema) takes the place of the function's configured database, on
 * real PostgreSQL databases: one database per target, and two tenants' schemas in one database.
 */
class FleetTargetTest {

  @RegisterExtension static final PostgresDatabase configured = new PostgresDatabase();
  @RegisterExtension static final PostgresDatabase first = new PostgresDatabase();
  @RegisterExtension static final PostgresDatabase second = new PostgresDatabase();

  static FakeSecretsManager aws;
  static SecretsManagerClient client;
  static MigrationHandler handler;

  @BeforeAll
  static void start() throws Exception {
    aws = new FakeSecretsManager();
    client = aws.client();
    aws.put("app/configured", secretOf(configured));
    aws.put("fleet/first", secretOf(first));
    handler =
        new MigrationHandler(Fixtures.env("app/configured", Fixtures.OK_PACKAGE), () -> client);
  }

  @AfterAll
  static void stop() {
    handler.close();
    client.close();
    aws.close();
  }

  @BeforeEach
  void clean() throws Exception {
    for (PostgresDatabase db : List.of(configured, first, second)) {
      db.execute(
          "drop schema public cascade; create schema public;"
              + " drop schema if exists tenant_a cascade; drop schema if exists tenant_b cascade");
    }
  }

  @Test
  void a_target_by_secret_is_migrated_in_place_of_the_configured_database() throws Exception {
    Map<String, Object> reply =
        handler.handleRequest(event("latest", target("first", "secretId", "fleet/first")), null);

    assertEquals(true, reply.get("success"));
    assertEquals("first", reply.get("target"));
    assertEquals(first.name(), ((Map<?, ?>) reply.get("connected")).get("database"));
    assertEquals(2, ((List<?>) reply.get("executed")).size());
    assertEquals(1L, first.scalar("select count(*) from pg_tables where tablename = 'widgets'"));
    assertEquals(
        0L, configured.scalar("select count(*) from pg_tables where tablename = 'widgets'"));

    // The configured database is still the one a plain event migrates.
    Map<String, Object> plain = handler.handleRequest(Fixtures.event("status"), null);
    assertEquals(configured.name(), ((Map<?, ?>) plain.get("target")).get("database"));
  }

  @Test
  void two_tenant_schemas_in_one_database_each_get_their_tables_and_their_history()
      throws Exception {
    String url = "jdbc:postgresql://" + second.host() + ":" + second.port() + "/" + second.name();
    for (String tenant : List.of("tenant_a", "tenant_b")) {
      Map<String, Object> t = target(tenant, "url", url);
      t.put("schema", tenant);
      Map<String, Object> reply = handler.handleRequest(event("latest", t), null);
      assertEquals(tenant, reply.get("target"));
      assertEquals(2, ((List<?>) reply.get("executed")).size(), reply.toString());
    }
    for (String tenant : List.of("tenant_a", "tenant_b")) {
      assertEquals(
          2L, second.scalar("select count(*) from " + tenant + ".dbmigrate_migrations"), tenant);
      assertEquals(
          1L,
          second.scalar(
              "select count(*) from information_schema.columns where table_schema = '"
                  + tenant
                  + "' and table_name = 'widgets' and column_name = 'color'"),
          tenant);
    }
    assertEquals(
        0L,
        second.scalar(
            "select count(*) from pg_tables where schemaname = 'public'"
                + " and tablename in ('widgets', 'dbmigrate_migrations')"));

    Map<String, Object> t = target("tenant_a", "url", url);
    t.put("schema", "tenant_a");
    Map<String, Object> again = handler.handleRequest(event("status", t), null);
    assertEquals(true, again.get("upToDate"));
  }

  @Test
  void a_failure_names_the_target_first_and_fails_the_invocation() {
    String url =
        "jdbc:postgresql://" + first.host() + ":" + first.port() + "/" + first.name() + "_gone";
    TestContext context = new TestContext();
    JsonNode reply = failure(handler, event("latest", target("gone", "url", url)), context);

    assertEquals("gone", text(reply, "target"));
    assertEquals("CONNECTION", text(reply, "code"));
    assertTrue(text(reply, "message").startsWith("gone: "), reply.toString());
    assertTrue(context.log().contains("failed: gone: CONNECTION"), context.log());
  }

  @Test
  void a_target_with_both_a_secret_and_a_url_is_refused_naming_it() {
    Map<String, Object> t = target("both", "secretId", "fleet/first");
    t.put("url", "jdbc:postgresql://h/d");
    JsonNode reply = failure(handler, event("latest", t), new TestContext());

    assertEquals("CONFIGURATION", text(reply, "code"));
    assertTrue(text(reply, "message").startsWith("both: the target gives both"), reply.toString());
  }

  @Test
  void the_functions_own_tenant_schema_setting_is_read_from_its_environment() throws Exception {
    Map<String, String> env = new HashMap<>(Fixtures.env("fleet/first", Fixtures.OK_PACKAGE));
    env.put("DBMIGRATE_TENANT_SCHEMA", "tenant_b");
    try (MigrationHandler single = new MigrationHandler(env, () -> client)) {
      Map<String, Object> reply = single.handleRequest(Fixtures.event("latest"), null);
      assertEquals(2, ((List<?>) reply.get("executed")).size());
    }
    assertEquals(2L, first.scalar("select count(*) from tenant_b.dbmigrate_migrations"));
    assertEquals(
        0L,
        first.scalar(
            "select count(*) from pg_tables where schemaname = 'public'"
                + " and tablename in ('widgets', 'dbmigrate_migrations')"));
  }

  @Test
  void a_tenant_schema_that_contradicts_the_history_schema_is_refused_at_start() {
    Map<String, String> env = new HashMap<>(Fixtures.env("fleet/first", Fixtures.OK_PACKAGE));
    env.put("DBMIGRATE_TENANT_SCHEMA", "tenant_b");
    env.put("DBMIGRATE_SCHEMA", "other");
    try (MigrationHandler single = new MigrationHandler(env, () -> client)) {
      JsonNode reply = failure(single, Fixtures.event("latest"), new TestContext());
      assertEquals("CONFIGURATION", text(reply, "code"));
      assertTrue(
          text(reply, "message")
              .contains("DBMIGRATE_TENANT_SCHEMA 'tenant_b' and DBMIGRATE_SCHEMA"),
          reply.toString());
    }
  }

  private static Map<String, Object> event(String command, Map<String, Object> target) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("command", command);
    event.put("dryRun", false);
    event.put("target", target);
    return event;
  }

  private static Map<String, Object> target(String name, String field, String value) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("name", name);
    t.put(field, value);
    return t;
  }

  static String secretOf(PostgresDatabase db) {
    return Fixtures.secret(
        db.host(),
        db.port(),
        db.name(),
        db.user(),
        db.password().isEmpty() ? "trust-ignores-it" : db.password());
  }
}
