package dev.dbmigrate.cli;

import static dev.dbmigrate.cli.MigrationFiles.name;
import static dev.dbmigrate.cli.MigrationFiles.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.PostgresDatabase;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class LatestCommandTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  @TempDir Path tmp;
  CliRunner cli;
  MigrationFiles files;
  DatabaseState state = new DatabaseState(db);

  @BeforeEach
  void setUp() throws Exception {
    state.reset();
    cli = CliRunner.forProject(db, tmp);
    files = cli.files();
    // The migrations append to this log, so a test can see the order they ran in.
    db.execute("create table run_log (id serial primary key, event text not null)");
  }

  private void logging(int n, String description) {
    files
        .migration(ts(n), description)
        .up(
            "create table t_" + description.toLowerCase(Locale.ROOT) + " (id int)",
            "insert into run_log (event) values ('up " + description + "')")
        .down("drop table t_" + description.toLowerCase(Locale.ROOT))
        .write();
  }

  @Test
  void latest_applies_pending_in_order_as_one_batch() throws Exception {
    // Written out of order on purpose: the timestamp decides, not the file system.
    logging(3, "Third");
    logging(1, "First");
    files.createTable(ts(2), "Second", "t_second");

    CliRunner.Result r = cli.run("latest").assertExit(ExitCodes.OK);

    assertTrue(r.out().contains("Batch 1 run: 3 migrations"), r::toString);
    assertTrue(r.out().contains("[1/3] " + name(1, "First")), r::toString);
    assertTrue(r.out().contains("[3/3] " + name(3, "Third")), r::toString);
    assertEquals(
        List.of("up First", "up Third"), state.column("select event from run_log order by id"));
    assertTrue(
        state.tableExists("t_first")
            && state.tableExists("t_second")
            && state.tableExists("t_third"));
    assertEquals(List.of(name(1, "First"), name(2, "Second"), name(3, "Third")), state.batch(1));
  }

  @Test
  void latest_records_batch_time_duration_user_and_checksum() throws Exception {
    logging(1, "First");
    cli.run("latest").assertExit(ExitCodes.OK);
    logging(2, "Second");
    cli.run("latest").assertExit(ExitCodes.OK);

    db.query(
        "select name, batch, applied_at, execution_ms, applied_by, checksum,"
            + " applied_at > now() - interval '5 minutes' as recent"
            + " from "
            + DatabaseState.HISTORY
            + " order by name",
        rs -> {
          assertRow(rs, name(1, "First"), 1);
          assertRow(rs, name(2, "Second"), 2);
          assertFalse(rs.next());
          return null;
        });
  }

  private static void assertRow(ResultSet rs, String name, int batch) throws java.sql.SQLException {
    assertTrue(rs.next(), "missing row " + name);
    assertEquals(name, rs.getString("name"));
    assertEquals(batch, rs.getInt("batch"));
    assertNotNull(rs.getTimestamp("applied_at"));
    assertTrue(rs.getBoolean("recent"), "applied_at is not the time of the run");
    assertTrue(rs.getLong("execution_ms") >= 0);
    assertTrue(
        rs.getString("applied_by").startsWith(System.getProperty("user.name") + "@"),
        rs.getString("applied_by"));
    assertTrue(rs.getString("checksum").matches("[0-9a-f]{64}"), rs.getString("checksum"));
  }

  @Test
  void latest_with_nothing_pending_says_already_up_to_date() throws Exception {
    logging(1, "First");
    cli.run("latest").assertExit(ExitCodes.OK);

    CliRunner.Result r = cli.run("latest").assertExit(ExitCodes.OK);

    assertTrue(r.out().contains("Already up to date"), r::toString);
    assertEquals(List.of("up First"), state.column("select event from run_log"));
    assertEquals(List.of(name(1, "First")), state.history());
  }

  @Test
  void latest_with_no_migrations_at_all_says_none_were_found_and_where_it_looked() {
    CliRunner.Result r = cli.run("latest").assertExit(ExitCodes.OK);
    assertFalse(r.out().contains("Already up to date"), r::toString);
    assertTrue(
        r.out().contains("No migrations found in " + cli.migrationsDir().toAbsolutePath()),
        r::toString);
    assertTrue(r.out().contains("--migrations-dir"), r::toString);
    CliRunner.Result dry = cli.run("latest", "--dry-run").assertExit(ExitCodes.OK);
    assertTrue(dry.out().contains("No migrations found in "), dry::toString);
  }

  @Test
  void failure_mid_batch_keeps_earlier_rolls_back_failing_and_skips_later() throws Exception {
    logging(1, "First");
    Path second =
        files
            .migration(ts(2), "Second")
            .up(
                "create table t_second (id int)",
                "insert into run_log (event) values ('up Second')",
                "insert into no_such_table values (1)")
            .down("drop table t_second")
            .write();
    logging(3, "Third");

    CliRunner.Result r = cli.run("latest").assertExit(1).assertNoStackTrace().assertOneLineError();

    assertTrue(r.err().contains("migration " + name(2, "Second") + " failed"), r::toString);
    assertTrue(r.err().contains("relation \"no_such_table\" does not exist"), r::toString);
    assertTrue(r.err().contains("rolled back"), r::toString);
    assertTrue(state.tableExists("t_first"));
    assertFalse(
        state.tableExists("t_second"), "the failing migration's earlier statement survived");
    assertFalse(state.tableExists("t_third"), "a migration after the failing one ran");
    assertEquals(List.of("up First"), state.column("select event from run_log order by id"));
    assertEquals(List.of(name(1, "First")), state.history());

    // Fixed: the next run continues with the second and third, as a new batch.
    files
        .migration(ts(2), "Second")
        .up("create table t_second (id int)", "insert into run_log (event) values ('up Second')")
        .down("drop table t_second")
        .write();
    assertEquals(second, files.packageDir().resolve("M" + ts(2) + "_Second.java"));
    CliRunner.Result fixed = cli.run("latest").assertExit(ExitCodes.OK);

    assertTrue(fixed.out().contains("Batch 2 run: 2 migrations"), fixed::toString);
    assertEquals(
        List.of("up First", "up Second", "up Third"),
        state.column("select event from run_log order by id"));
    assertEquals(List.of(name(2, "Second"), name(3, "Third")), state.batch(2));
  }

  @Test
  void latest_json_reports_batch_and_executed_migrations() throws Exception {
    logging(1, "First");
    logging(2, "Second");

    CliRunner.Result r = cli.run("latest", "--json").assertExit(ExitCodes.OK);

    Object parsed = MiniJson.parse(r.out());
    assertEquals("latest", MiniJson.at(parsed, "command"));
    assertEquals(true, MiniJson.at(parsed, "success"));
    assertEquals(1L, MiniJson.at(parsed, "batch"));
    assertEquals(name(1, "First"), MiniJson.at(parsed, "executed", 0, "name"));
    assertEquals("up", MiniJson.at(parsed, "executed", 1, "direction"));
    assertEquals(List.of(), MiniJson.at(parsed, "pending"));
    // Progress goes to stderr so stdout stays parseable.
    assertTrue(r.err().contains(name(2, "Second")), r::toString);
  }
}
