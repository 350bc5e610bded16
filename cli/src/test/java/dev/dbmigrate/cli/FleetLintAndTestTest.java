package dev.dbmigrate.cli;

import static dev.dbmigrate.cli.MigrationFiles.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.MariaDbDatabase;
import dev.dbmigrate.testing.PostgresDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * lint and test on a fleet of databases, and of tenant schemas in one database: each target linted
 * for what is pending there, each target's server testing the migrations, one target failing.
 */
class FleetLintAndTestTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  @RegisterExtension static final MariaDbDatabase maria = new MariaDbDatabase();

  static FleetDatabases fleet;

  @TempDir Path tmp;
  CliRunner cli;

  @BeforeAll
  static void makeFleet() throws Exception {
    fleet = FleetDatabases.create(db, 3);
  }

  @AfterAll
  static void dropFleet() throws Exception {
    fleet.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    for (int i = 0; i < 3; i++) {
      try (Connection c = fleet.connect(i);
          Statement s = c.createStatement()) {
        s.execute("drop schema public cascade; create schema public");
      }
    }
    db.execute("drop schema if exists acme cascade; drop schema if exists \"Globex\" cascade");
    cli = CliRunner.forProject(db, tmp).withoutEnv("DBMIGRATE_URL");
    sql(1, "People", "create table people (id int, note text)", "drop table people");
  }

  /** A SQL migration in files, sent as written (not through jOOQ's templating, a lint warning). */
  private void sql(int n, String description, String up, String down) throws Exception {
    Path dir = cli.migrationsDir();
    Files.writeString(dir.resolve(name(n, description) + ".up.sql"), up + ";\n");
    Files.writeString(dir.resolve(name(n, description) + ".down.sql"), down + ";\n");
  }

  private Object scalar(int target, String sql) throws SQLException {
    try (Connection c = fleet.connect(target);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getObject(1) : null;
    }
  }

  private String fleetOf(String file, String... lines) throws Exception {
    return Files.writeString(
            tmp.resolve(file), String.join("\n", lines) + "\n", StandardCharsets.UTF_8)
        .toString();
  }

  /** A database that is not there: the target that fails. */
  private String gone() {
    return fleet.url(1).replace(fleet.names().get(1), "no_such_database_here");
  }

  /**
   * A plain index on a table that exists: blocking (PG rule on CREATE INDEX without CONCURRENTLY).
   */
  private void addIndexMigration() throws Exception {
    sql(2, "IndexPeople", "create index people_id on people (id)", "drop index people_id");
  }

  @Test
  void lint_lints_what_is_pending_on_each_target_for_its_server() throws Exception {
    String all =
        fleetOf(
            "fleet.txt",
            "t001 " + fleet.url(0),
            "gone " + gone(),
            "t002 " + fleet.url(1),
            "t003 " + fleet.url(2));
    // t001 has nothing applied, t002 the table, t003 the table and its index.
    cli.run("latest", "--fleet", fleetOf("t2.txt", "t002 " + fleet.url(1))).assertExit(0);
    addIndexMigration();
    cli.run("latest", "--fleet", fleetOf("t3.txt", "t003 " + fleet.url(2))).assertExit(0);

    CliRunner.Result r = cli.run("lint", "--fleet", all, "--parallel", "2");

    // The index is unsafe only where the table already exists; where both are pending, the table
    // is new. The exit code is the worst target's: 16 (unsafe) before 4 (not reachable).
    r.assertExit(16).assertNoStackTrace();
    assertTrue(r.out().contains("on failure continue"), r::toString);
    assertTrue(r.out().matches("(?s).*clean +2\n +findings +1\n +failed +1\n.*"), r::toString);
    assertTrue(
        r.out()
            .matches(
                "(?s).*t001 +clean +2 pending migrations checked for PostgreSQL \\d+, no"
                    + " findings\n.*"),
        r::toString);
    assertTrue(r.out().matches("(?s).*t003 +clean +nothing pending\n.*"), r::toString);
    assertTrue(
        r.out()
            .matches(
                "(?s).*Findings:\n  t002 exit 16: 1 error, 0 warnings in 1 pending migration"
                    + " checked for PostgreSQL \\d+: PG\\d+ in "
                    + name(2, "IndexPeople")
                    + "\n.*"),
        r::toString);
    assertTrue(r.out().contains("Failed:\n  gone ("), r::toString);
    assertNull(scalar(1, "select to_regclass('public.people_id')"), "lint changed nothing");

    CliRunner.Result json = cli.run("lint", "--fleet", all, "--format", "json");
    json.assertExit(16);
    Object reply = MiniJson.parse(json.out());
    assertEquals(2L, MiniJson.at(reply, "summary", "clean"));
    assertEquals(1L, MiniJson.at(reply, "summary", "findings"));
    assertEquals(1L, MiniJson.at(reply, "summary", "failed"));
    assertEquals(0L, MiniJson.at(reply, "summary", "applied"));
    assertEquals("findings", MiniJson.at(reply, "targets", 2, "outcome"));
    assertEquals(16L, MiniJson.at(reply, "targets", 2, "exitCode"));
    Object t002 = MiniJson.at(reply, "targets", 2, "result");
    assertEquals("lint", MiniJson.at(t002, "command"));
    assertEquals(List.of(name(2, "IndexPeople")), MiniJson.at(t002, "checked"));
    assertEquals(
        ((Number) db.scalar("select current_setting('server_version_num')::int / 10000"))
            .longValue(),
        MiniJson.at(t002, "targetVersion"),
        "linted for the target's server");
    assertEquals(
        List.of(name(1, "People"), name(2, "IndexPeople")),
        MiniJson.at(reply, "targets", 0, "result", "checked"));
    assertEquals("failed", MiniJson.at(reply, "targets", 1, "outcome"));
    assertTrue(json.stderr().contains("[4/4]"), "progress on stderr with JSON: " + json);

    // --pg-version applies to every target, as without a fleet.
    CliRunner.Result eleven = cli.run("lint", "--fleet", all, "--pg-version", "11", "--json");
    assertEquals(
        11L, MiniJson.at(MiniJson.parse(eleven.out()), "targets", 2, "result", "targetVersion"));
  }

  @Test
  void lint_on_tenant_schemas_reads_each_tenants_own_history() throws Exception {
    cli.run("latest", "--fleet", fleetOf("acme.txt", "acme " + db.url() + " acme")).assertExit(0);
    addIndexMigration();
    String tenants =
        fleetOf(
            "tenants.txt",
            "acme " + db.url() + " acme",
            "Globex " + db.url() + " Globex",
            "gone " + gone() + " gone");

    CliRunner.Result r = cli.run("lint", "--fleet", tenants);

    r.assertExit(16).assertNoStackTrace();
    assertTrue(
        r.out().matches("(?s).*acme +findings +exit 16: 1 error, 0 warnings in 1 pending.*"),
        r::toString);
    assertTrue(r.out().matches("(?s).*Globex +clean +2 pending migrations.*"), r::toString);
    assertTrue(r.out().matches("(?s).*gone +failed +exit \\d+: .*"), r::toString);
    assertNull(db.scalar("select to_regnamespace('\"Globex\"')"), "lint created nothing");
  }

  @Test
  void lint_says_on_a_mariadb_target_that_the_rules_are_postgresqls() throws Exception {
    maria.clear();
    addIndexMigration();
    String file =
        fleetOf(
            "mixed.txt", "pg    " + fleet.url(0), "maria " + maria.url() + " user=" + maria.user());

    CliRunner.Result r = cli.run("lint", "--fleet", file, "--json");

    r.assertExit(0).assertNoStackTrace();
    Object reply = MiniJson.parse(r.out());
    assertEquals(2L, MiniJson.at(reply, "summary", "clean"));
    assertEquals(
        "2 pending migrations checked for PostgreSQL 18, no findings (the rules are PostgreSQL's;"
            + " this target is mariadb)",
        MiniJson.at(reply, "targets", 1, "detail"),
        "not for the MariaDB server's version as if it were PostgreSQL's");
    assertTrue(
        ((String) MiniJson.at(reply, "targets", 0, "detail")).endsWith("no findings"), r::toString);
  }

  @Test
  void test_from_runs_on_each_targets_server_and_leaves_the_targets_alone() throws Exception {
    addIndexMigration();
    sql(3, "Notes", "alter table people add column at date", "alter table people drop column at");
    String file =
        fleetOf(
            "fleet.txt",
            "t001 " + fleet.url(0),
            "t002 " + fleet.url(1),
            "gone " + gone(),
            "acme " + db.url() + " acme");

    CliRunner.Result r =
        cli.run("test", "--from", name(1, "People"), "--fleet", file, "--parallel", "2", "--json");

    r.assertExit(4).assertNoStackTrace();
    Object reply = MiniJson.parse(r.out());
    assertEquals(3L, MiniJson.at(reply, "summary", "passed"));
    assertEquals(1L, MiniJson.at(reply, "summary", "failed"));
    assertEquals(0L, MiniJson.at(reply, "summary", "skipped"), "test stops nothing by default");
    assertEquals("continue", MiniJson.at(reply, "fleet", "onFailure"));
    for (int i : new int[] {0, 1, 3}) {
      assertEquals("passed", MiniJson.at(reply, "targets", i, "outcome"));
      Object result = MiniJson.at(reply, "targets", i, "result");
      assertEquals(
          List.of(name(2, "IndexPeople"), name(3, "Notes")), MiniJson.at(result, "tested"));
      assertEquals(name(1, "People"), MiniJson.at(result, "from"));
      String scratch = (String) MiniJson.at(result, "scratchDatabase");
      assertTrue(scratch.startsWith("dbm_scratch_"), scratch);
      assertEquals(
          0L, db.scalar("select count(*) from pg_database where datname = '" + scratch + "'"));
    }
    assertEquals(
        "2 migrations went up, down and up again after " + name(1, "People"),
        MiniJson.at(reply, "targets", 0, "detail"));
    assertEquals("failed", MiniJson.at(reply, "targets", 2, "outcome"));
    assertNull(scalar(0, "select to_regclass('public.dbmigrate_migrations')"), "t001 untouched");
    assertNull(db.scalar("select to_regnamespace('acme')"), "acme untouched");
  }

  @Test
  void test_fails_each_target_whose_server_finds_a_down_that_does_not_restore() throws Exception {
    sql(2, "Leaky", "create table leaky (id int)", "select 1");
    String tenants =
        fleetOf("tenants.txt", "acme " + db.url() + " acme", "Globex " + db.url() + " Globex");

    // From the first migration on: the scratch database has the tenant schema before the first
    // up, so only Leaky's down is blamed.
    CliRunner.Result r = cli.run("test", "--fleet", tenants);

    r.assertExit(18).assertNoStackTrace();
    assertTrue(r.out().matches("(?s).*failed +2\n.*"), r::toString);
    assertTrue(
        r.out()
            .contains(
                "  acme ("
                    + db.host()
                    + ":"
                    + db.port()
                    + "/"
                    + db.name()
                    + ") exit 18: "
                    + name(2, "Leaky")
                    + ": its down did not restore the schema from before its up"),
        r::toString);
    assertTrue(r.out().contains("Globex ("), r::toString);
  }

  @Test
  void options_for_one_database_or_none_do_not_go_with_a_fleet() throws Exception {
    String file = fleetOf("fleet.txt", "t001 " + fleet.url(0));

    CliRunner.Result all = cli.run("lint", "--fleet", file, "--all");
    all.assertExit(2).assertNoStackTrace();
    assertTrue(all.err().contains("drop --all"), all::toString);
    cli.run("lint", "--fleet", file, "--offline").assertExit(2);
    cli.run("lint", "--fleet", file, "--format", "sarif").assertExit(2);
    CliRunner.Result scratch = cli.run("test", "--fleet", file, "--scratch-database", "mine");
    scratch.assertExit(2);
    assertTrue(scratch.err().contains("--scratch-database"), scratch::toString);
  }
}
