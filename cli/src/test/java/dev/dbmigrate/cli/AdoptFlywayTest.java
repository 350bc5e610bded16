package dev.dbmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.PostgresDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A database Flyway 10 migrated to version 1.10, taken over by {@code adopt flyway}. */
class AdoptFlywayTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  /** Flyway last ran at 2024-03-05 14:20:07 UTC; the baseline row is named for that. */
  private static final String BASELINE = "20240305142007_FlywayBaseline_V1_10";

  private static final String INVOICES = "20261201100000_CreateInvoices";

  @TempDir Path tmp;
  CliRunner cli;
  MigrationFiles files;
  DatabaseState state = new DatabaseState(db);
  OtherTools tools = new OtherTools(db);

  @BeforeEach
  void setUp() throws Exception {
    state.reset();
    cli = CliRunner.forProject(db, tmp);
    files = cli.files();
    db.execute("create table run_log (id serial primary key, event text not null)");
    db.execute("create table users (id bigint primary key, email text)");
    tools.createFlywayTable();
    // installed_on is local time in Flyway's session; these sessions run in UTC.
    db.execute("alter database \"" + db.name() + "\" set timezone = 'UTC'");
    tools.flywayRow(
        1,
        "1",
        "create users",
        "SQL",
        "V1__create_users.sql",
        1187391645,
        "2024-02-01 09:00:00.512",
        true);
    tools.flywayRow(
        2,
        "1.9",
        "add email",
        "SQL",
        "V1_9__add_email.sql",
        -2087734411,
        "2024-02-20 10:00:00",
        true);
    tools.flywayRow(
        3,
        null,
        "user stats view",
        "SQL",
        "R__user_stats_view.sql",
        532112233,
        "2024-02-20 10:00:01",
        true);
    tools.flywayRow(
        4,
        "1.10",
        "email index",
        "SQL",
        "V1_10__email_index.sql",
        99871,
        "2024-03-05 14:20:07",
        true);
    files
        .migration("20261201100000", "CreateInvoices")
        .up("create table invoices (id bigint)", "insert into run_log (event) values ('up')")
        .down("drop table invoices", "insert into run_log (event) values ('down')")
        .write();
  }

  private List<String> log() throws Exception {
    return state.column("select event from run_log order by id");
  }

  @Test
  void flyway_history_becomes_one_baseline_and_new_work_goes_on_after_it() throws Exception {
    String flywayBefore = tools.snapshot("flyway_schema_history");

    CliRunner.Result adopt = cli.run("adopt", "flyway").assertExit(ExitCodes.OK);

    assertTrue(adopt.out().contains("Wrote 1 history row from flyway"), adopt::toString);
    assertTrue(
        adopt.out().contains("baseline     1  2024-03-05 14:20:07Z  " + BASELINE), adopt::toString);
    assertTrue(
        adopt
            .out()
            .contains(
                "Repeatable migrations, reported and not adopted:\n" + "  R__user_stats_view.sql"),
        adopt::toString);
    assertEquals(List.of(BASELINE), state.history());
    assertEquals(List.of("baseline"), state.column("select status from dbmigrate_migrations"));

    cli.run("latest").assertExit(ExitCodes.OK);
    assertEquals(List.of("up"), log());
    assertEquals(List.of(BASELINE, INVOICES), state.history());

    CliRunner.Result status = cli.run("status").assertExit(ExitCodes.OK);
    assertTrue(
        status.out().lines().anyMatch(l -> l.startsWith("baseline") && l.endsWith(BASELINE)),
        status::toString);
    assertTrue(status.out().contains("Up to date"), status::toString);
    cli.run("status", "--fail-on-pending").assertExit(ExitCodes.OK);
    assertTrue(cli.run("list").out().contains("  " + BASELINE + " (baseline)"));

    cli.run("rollback").assertExit(ExitCodes.OK);
    assertEquals(List.of("up", "down"), log());
    CliRunner.Result atBaseline = cli.run("rollback").assertExit(ExitCodes.OK);
    assertTrue(
        atBaseline.out().contains("Stopped at the baseline " + BASELINE), atBaseline::toString);
    Object json = MiniJson.parse(cli.run("rollback", "--all", "--json").assertExit(0).out());
    assertEquals(BASELINE, MiniJson.at(json, "stoppedAtBaseline"));
    assertEquals(List.of(), MiniJson.at(json, "executed"));
    cli.run("down").assertExit(ExitCodes.OK);
    CliRunner.Result named = cli.run("down", BASELINE).assertExit(13).assertOneLineError();
    assertTrue(named.err().contains("is a baseline"), named::toString);
    assertEquals(List.of(BASELINE), state.history());
    assertEquals(List.of("up", "down"), log());

    cli.run("adopt", "flyway").assertExit(ExitCodes.OK);
    assertEquals(
        flywayBefore, tools.snapshot("flyway_schema_history"), "Flyway's table is only read");
  }

  @Test
  void dry_run_shows_the_baseline_row_and_writes_nothing() throws Exception {
    Object json =
        MiniJson.parse(cli.run("adopt", "flyway", "--dry-run", "--json").assertExit(0).out());

    assertEquals("adopt flyway", MiniJson.at(json, "command"));
    assertEquals(BASELINE, MiniJson.at(json, "rows", 0, "name"));
    assertEquals("baseline", MiniJson.at(json, "rows", 0, "status"));
    assertEquals("2024-03-05T14:20:07Z", MiniJson.at(json, "rows", 0, "appliedAt"));
    assertEquals(List.of("R__user_stats_view.sql"), MiniJson.at(json, "repeatable"));
    assertFalse(state.historyExists());
  }

  @Test
  void a_failed_flyway_migration_stops_the_adoption() throws Exception {
    tools.flywayRow(
        5,
        "2",
        "backfill emails",
        "SQL",
        "V2__backfill_emails.sql",
        4411,
        "2024-03-06 08:00:00",
        false);

    CliRunner.Result r = cli.run("adopt", "flyway").assertExit(12).assertOneLineError();

    assertTrue(
        r.err().contains("version 2 (V2__backfill_emails.sql, installed_rank 5)"), r::toString);
    assertTrue(r.err().contains("flyway repair"), r::toString);
    assertFalse(state.historyExists());
  }

  @Test
  void migrations_older_than_the_baseline_are_reported_and_refused_by_latest() throws Exception {
    files.sql("20240101000000", "PortedFromFlyway", "select 1", "select 1");

    CliRunner.Result r = cli.run("adopt", "flyway").assertExit(ExitCodes.OK);

    assertTrue(r.out().contains("  20240101000000_PortedFromFlyway"), r::toString);
    cli.run("latest").assertExit(11);
  }

  @Test
  void a_missing_flyway_table_names_the_options() throws Exception {
    CliRunner.Result r =
        cli.run("adopt", "flyway", "--flyway-table", "schema_version")
            .assertExit(3)
            .assertOneLineError();

    assertTrue(r.err().contains("\"public\".\"schema_version\" does not exist"), r::toString);
    assertTrue(r.err().contains("--flyway-table, --flyway-schema"), r::toString);
    assertFalse(state.historyExists());
  }
}
