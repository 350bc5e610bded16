package dev.dbmigrate.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.aws.DatabaseSecret;
import dev.dbmigrate.testing.PasswordPostgres;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The migration user's bootstrap against a PostgreSQL server that checks passwords: the user logs
 * in with its secret's password and owns what it creates, the database and its public schema.
 */
class RoleBootstrapHandlerTest {

  @RegisterExtension static final PasswordPostgres pg = new PasswordPostgres();

  private static final String USER =
      String.format("dbm_migrator_%08x", ThreadLocalRandom.current().nextInt());

  /** A typed password with a quote and a backslash, to show they are quoted, not executed. */
  private static final String PASSWORD = "It's a \\ secret";

  private static RoleBootstrapHandler handler(String password) {
    Map<String, DatabaseSecret> secrets =
        Map.of(
            "arn:master",
            new DatabaseSecret(
                pg.host(), pg.port(), pg.user(), pg.password(), pg.name(), "postgres"),
            "arn:migration",
            new DatabaseSecret(pg.host(), pg.port(), USER, password, pg.name(), "postgres"));
    return new RoleBootstrapHandler(secrets::get, Map.of("sslmode", "disable"), 1, Duration.ZERO);
  }

  private static Map<String, Object> event(String type) {
    Map<String, Object> event = new HashMap<>();
    event.put("RequestType", type);
    event.put(
        "ResourceProperties",
        Map.of("MasterSecretArn", "arn:master", "MigrationSecretArn", "arn:migration"));
    if (!type.equals("Create")) {
      event.put("PhysicalResourceId", "dbmigrate-migration-user-" + USER);
    }
    return event;
  }

  @Test
  void create_makes_a_user_that_logs_in_with_its_secret_and_owns_the_schema() throws Exception {
    var reply = handler(PASSWORD).handleRequest(event("Create"), null);
    assertEquals("dbmigrate-migration-user-" + USER, reply.get("PhysicalResourceId"));

    try (var c = DriverManager.getConnection(pg.url(), USER, PASSWORD);
        var s = c.createStatement()) {
      s.execute("CREATE TABLE widgets (id int PRIMARY KEY)");
    }
    assertEquals(
        USER,
        pg.scalar(
            "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"));
    assertEquals(
        USER,
        pg.scalar("SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'public'"));
    assertEquals(USER, pg.scalar("SELECT tableowner FROM pg_tables WHERE tablename = 'widgets'"));

    // Again (an Update, or after a rotation): the same state, the secret's current password.
    handler("rotated-" + PASSWORD).handleRequest(event("Update"), null);
    try (var c = DriverManager.getConnection(pg.url(), USER, "rotated-" + PASSWORD)) {
      assertTrue(c.isValid(5));
    }
    assertThrows(
        java.sql.SQLException.class, () -> DriverManager.getConnection(pg.url(), USER, PASSWORD));

    // Delete keeps the user: it owns the data.
    var deleted = handler(PASSWORD).handleRequest(event("Delete"), null);
    assertEquals("dbmigrate-migration-user-" + USER, deleted.get("PhysicalResourceId"));
    assertEquals(1L, pg.scalar("SELECT count(*) FROM pg_roles WHERE rolname = '" + USER + "'"));
  }

  @Test
  void a_bad_user_name_is_refused_before_any_sql_and_no_message_holds_a_password() {
    Map<String, DatabaseSecret> secrets =
        Map.of(
            "arn:master",
            new DatabaseSecret(
                pg.host(), pg.port(), pg.user(), pg.password(), pg.name(), "postgres"),
            "arn:migration",
            new DatabaseSecret(
                pg.host(), pg.port(), "x; DROP TABLE y", PASSWORD, pg.name(), "postgres"));
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new RoleBootstrapHandler(
                        secrets::get, Map.of("sslmode", "disable"), 1, Duration.ZERO)
                    .handleRequest(event("Create"), null));
    assertTrue(e.getMessage().contains("username must match"), e.getMessage());
    assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());

    Map<String, DatabaseSecret> wrongMaster =
        Map.of(
            "arn:master",
            new DatabaseSecret(pg.host(), pg.port(), pg.user(), "wrong", pg.name(), "postgres"),
            "arn:migration",
            new DatabaseSecret(pg.host(), pg.port(), "dbm_other", PASSWORD, pg.name(), "postgres"));
    var failed =
        assertThrows(
            IllegalStateException.class,
            () ->
                new RoleBootstrapHandler(
                        wrongMaster::get, Map.of("sslmode", "disable"), 2, Duration.ZERO)
                    .handleRequest(event("Create"), null));
    assertTrue(failed.getMessage().startsWith("bootstrapping migration user dbm_other on "));
    assertEquals(1, failed.getSuppressed().length, "both attempts are reported");
    assertFalse(failed.getMessage().contains(PASSWORD), failed.getMessage());
  }

  @Test
  void mysql_statements_quote_the_password_and_require_tls() {
    var statements = RoleBootstrapHandler.mysql("dbmigrate", "a'b", "app");
    assertEquals(
        "CREATE USER IF NOT EXISTS 'dbmigrate'@'%' IDENTIFIED BY 'a''b'", statements.get(0));
    assertTrue(statements.get(1).endsWith("REQUIRE SSL"), statements.get(1));
    assertEquals("GRANT ALL PRIVILEGES ON `app`.* TO 'dbmigrate'@'%'", statements.get(2));
  }

  @AfterAll
  static void dropUser() throws Exception {
    if (Long.valueOf(0)
        .equals(pg.scalar("SELECT count(*) FROM pg_roles WHERE rolname = '" + USER + "'"))) {
      return;
    }
    pg.execute("ALTER DATABASE " + pg.name() + " OWNER TO " + pg.user());
    pg.execute("REASSIGN OWNED BY " + USER + " TO " + pg.user());
    pg.execute("DROP OWNED BY " + USER);
    pg.execute("DROP ROLE IF EXISTS " + USER);
  }
}
