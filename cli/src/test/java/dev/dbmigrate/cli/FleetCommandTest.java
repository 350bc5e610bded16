package dev.dbmigrate.cli;

import static dev.dbmigrate.cli.MigrationFiles.name;
import static dev.dbmigrate.cli.MigrationFiles.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** latest and status on a fleet of databases, and of tenant schemas in one database. */
class FleetCommandTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  static FleetDatabases fleet;

  @TempDir Path tmp;
  CliRunner cli;
  Path fleetFile;

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
    db.execute("drop schema public cascade; create schema public");
    // The fleet names every database itself; no connection comes from the environment.
    cli = CliRunner.forProject(db, tmp).withoutEnv("DBMIGRATE_URL");
    cli.files().createTable(ts(1), "A", "t_a");
    fleetFile = fleet.writeFleetFile(tmp.resolve("fleet.txt"), "");
  }

  private Object scalar(int target, String sql) throws SQLException {
    try (Connection c = fleet.connect(target);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getObject(1) : null;
    }
  }

  private String fleetOf(String... lines) throws Exception {
    return Files.writeString(
            tmp.resolve("some.txt"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8)
        .toString();
  }

  @Test
  void latest_runs_every_target_with_one_line_each_and_a_summary() throws Exception {
    cli.run("latest", "--fleet", fleetOf("t001 " + fleet.url(0))).assertExit(0);

    CliRunner.Result r = cli.run("latest", "--fleet", fleetFile.toString(), "--parallel", "2");

    r.assertExit(0).assertNoStackTrace();
    assertTrue(r.out().contains("[3/3]"), r::toString);
    assertTrue(
        r.out().matches("(?s).*t002 +applied +1 migration in \\d+ ms, batch 1.*"), r::toString);
    assertTrue(r.out().matches("(?s).*t001 +up to date.*"), r::toString);
    assertTrue(r.out().matches("(?s).*applied +2\n.*up to date +1\n.*failed +0\n.*"), r::toString);
    for (int i = 0; i < 3; i++) {
      assertTrue(scalar(i, "select to_regclass('public.t_a')") != null, "target " + i);
      assertEquals(1L, scalar(i, "select count(*) from dbmigrate_migrations"));
    }
  }

  @Test
  void json_lists_every_target_with_its_own_result_in_the_one_shape() throws Exception {
    CliRunner.Result r = cli.run("latest", "--fleet", fleetFile.toString(), "--json");

    r.assertExit(0);
    Object reply = MiniJson.parse(r.out());
    assertEquals(true, MiniJson.at(reply, "success"));
    assertEquals(3L, MiniJson.at(reply, "summary", "applied"));
    assertEquals(3, ((List<?>) MiniJson.at(reply, "targets")).size());
    assertEquals("t001", MiniJson.at(reply, "targets", 0, "name"));
    assertEquals(fleetFile + ":2", MiniJson.at(reply, "targets", 0, "origin"));
    assertEquals("applied", MiniJson.at(reply, "targets", 0, "outcome"));
    Object result = MiniJson.at(reply, "targets", 0, "result");
    assertEquals("latest", MiniJson.at(result, "command"));
    assertEquals(fleet.names().get(0), MiniJson.at(result, "target", "database"));
    assertEquals(name(1, "A"), MiniJson.at(result, "executed", 0, "name"));
    assertTrue(r.stderr().contains("[3/3]"), "progress goes to stderr with --json: " + r);
  }

  @Test
  void status_names_the_targets_that_are_behind_in_one_command() throws Exception {
    cli.run("latest", "--fleet", fleetFile.toString()).assertExit(0);
    cli.files().createTable(ts(2), "B", "t_b");
    cli.run("latest", "--fleet", fleetOf("t002 " + fleet.url(1))).assertExit(0);

    CliRunner.Result r = cli.run("status", "--fleet", fleetFile.toString());

    r.assertExit(0);
    assertTrue(r.out().matches("(?s).*up to date +1\n +behind +2\n.*"), r::toString);
    assertTrue(r.out().contains("Behind:\n  t001: 1 pending: " + name(2, "B")), r::toString);
    assertTrue(r.out().contains("  t003: 1 pending: " + name(2, "B")), r::toString);
    cli.run("status", "--fleet", fleetFile.toString(), "--fail-on-pending").assertExit(14);
    assertNull(scalar(0, "select to_regclass('public.t_b')"), "status changed nothing");
  }

  @Test
  void status_reports_on_every_target_even_when_one_cannot_be_reached() throws Exception {
    String gone = fleet.url(1).replace(fleet.names().get(1), "no_such_database_here");
    String file = fleetOf("t001 " + fleet.url(0), "gone " + gone, "t003 " + fleet.url(2));

    CliRunner.Result r = cli.run("status", "--fleet", file, "--parallel", "1");

    r.assertExit(4).assertNoStackTrace();
    assertTrue(r.out().contains("Failed:\n  gone ("), r::toString);
    assertTrue(r.out().matches("(?s).*t003 +behind +1 pending: .*"), "not skipped: " + r);
    assertTrue(r.out().contains("on failure continue"), r::toString);
  }

  @Test
  void dry_run_shows_what_each_target_would_apply_and_changes_nothing() throws Exception {
    CliRunner.Result r = cli.run("latest", "--fleet", fleetFile.toString(), "--dry-run", "--json");

    r.assertExit(0);
    Object reply = MiniJson.parse(r.out());
    assertEquals(3L, MiniJson.at(reply, "summary", "behind"));
    assertEquals(true, MiniJson.at(reply, "targets", 2, "result", "dryRun"));
    assertTrue(r.out().contains("create table"), r::toString);
    assertNull(scalar(2, "select to_regclass('public.dbmigrate_migrations')"));
  }

  @Test
  void a_target_lines_settings_beat_the_command_lines_which_apply_to_every_other_target()
      throws Exception {
    String file =
        fleetOf(
            "t001 " + fleet.url(0),
            "t002 " + fleet.url(1) + "   table=own_history   # this one keeps its own",
            "t003 " + fleet.url(2));

    cli.run("latest", "--fleet", file, "--table", "fleet_history").assertExit(0);

    assertEquals(1L, scalar(0, "select count(*) from fleet_history"));
    assertEquals(1L, scalar(1, "select count(*) from own_history"));
    assertNull(scalar(1, "select to_regclass('public.fleet_history')"));
    assertEquals(1L, scalar(2, "select count(*) from fleet_history"));
  }

  @Test
  void the_config_files_environments_are_a_fleet_too() throws Exception {
    Files.writeString(
        cli.workingDir().resolve("dbmigrate.properties"),
        "env.tenant_a.url = "
            + fleet.url(0)
            + "\nenv.tenant_b.url = "
            + fleet.url(1)
            + "\nenv.staging.url = "
            + fleet.url(2)
            + "\n",
        StandardCharsets.UTF_8);

    CliRunner.Result r = cli.run("latest", "--fleet-envs", "tenant_*");

    r.assertExit(0);
    assertTrue(r.out().contains("tenant_a") && r.out().contains("tenant_b"), r::toString);
    assertTrue(scalar(0, "select to_regclass('public.t_a')") != null);
    assertTrue(scalar(1, "select to_regclass('public.t_a')") != null);
    assertNull(scalar(2, "select to_regclass('public.t_a')"), "staging does not match tenant_*");

    cli.run("status", "--fleet-envs", "nothing_*").assertExit(25);
  }

  @Test
  void schema_per_tenant_one_migration_serves_every_tenant_with_its_own_history() throws Exception {
    Files.writeString(
        cli.migrationsDir().resolve(ts(2) + "_TenantTypes.up.sql"),
        """
        -- Unqualified names: each lands in the tenant's schema (it's the search_path; why not?)
        create type mood as enum ('happy', 'sad');
        create table people (id bigint generated always as identity primary key, m mood, note text);
        create index people_sad on people (id) where m = 'sad';
        create function cheer(p people) returns text language plpgsql as $$
        begin
          -- quotes and braces in a body: {it's fine}
          return 'cheer up, ' || coalesce(p.note, '{nobody}') || '''';
        end
        $$;
        """,
        StandardCharsets.UTF_8);
    String file =
        fleetOf(
            "acme " + db.url() + " acme",
            "Globex " + db.url() + " Globex",
            "initech " + db.url() + " initech lock-timeout=2s");

    cli.run("latest", "--fleet", file).assertExit(0);

    for (String tenant : List.of("acme", "Globex", "initech")) {
      String q = "\"" + tenant + "\"";
      assertEquals(2L, db.scalar("select count(*) from " + q + ".dbmigrate_migrations"), tenant);
      assertTrue(db.scalar("select to_regclass('" + q + ".people')") != null, tenant);
      assertTrue(db.scalar("select to_regclass('" + q + ".t_a')") != null, tenant);
      assertEquals(
          tenant,
          db.scalar(
              "select n.nspname from pg_type t join pg_namespace n on n.oid = t.typnamespace"
                  + " where t.typname = 'mood' and n.nspname = '"
                  + tenant
                  + "'"));
    }
    assertNull(db.scalar("select to_regclass('public.t_a')"), "nothing in public");
    assertNull(db.scalar("select to_regclass('public.dbmigrate_migrations')"));

    cli.files().createTable(ts(3), "C", "t_c");
    CliRunner.Result status = cli.run("status", "--fleet", file);
    assertTrue(status.out().contains("Globex: 1 pending: " + name(3, "C")), status::toString);
  }

  @Test
  void latest_lint_refuses_each_target_whose_pending_migration_breaks_a_rule() throws Exception {
    cli.run("latest", "--fleet", fleetFile.toString()).assertExit(0);
    cli.files().sql(ts(2), "IndexA", "create index t_a_id on t_a (id)", "drop index t_a_id");

    CliRunner.Result r =
        cli.run("latest", "--fleet", fleetFile.toString(), "--lint", "--on-failure", "continue");

    r.assertExit(16);
    assertTrue(r.out().matches("(?s).*failed +3\n.*"), r::toString);
    assertNull(scalar(1, "select to_regclass('public.t_a_id')"), "nothing ran");
  }

  @Test
  void a_tenant_schema_and_another_history_schema_are_refused() throws Exception {
    CliRunner.Result r =
        cli.run("status", "--url", db.url(), "--tenant-schema", "acme", "--schema", "elsewhere");

    r.assertExit(3).assertOneLineError();
    assertTrue(r.err().contains("give only tenant-schema"), r::toString);
  }

  @Test
  void two_targets_on_one_history_table_are_refused_before_anything_runs() throws Exception {
    CliRunner.Result r =
        cli.run("latest", "--fleet", fleetOf("one " + fleet.url(0), "two " + fleet.url(0) + " "));

    r.assertExit(25).assertOneLineError();
    assertTrue(r.err().contains("targets one (") && r.err().contains("are the same"), r::toString);
    assertNull(scalar(0, "select to_regclass('public.dbmigrate_migrations')"));
  }

  @Test
  void options_that_name_one_database_do_not_go_with_a_fleet() throws Exception {
    cli.run("latest", "--fleet", fleetFile.toString(), "--url", fleet.url(0))
        .assertExit(2)
        .assertNoStackTrace();
    cli.run("latest", "--parallel", "3").assertExit(2);
    cli.run("latest", "--fleet", fleetFile.toString(), "--parallel", "0").assertExit(2);
  }
}
