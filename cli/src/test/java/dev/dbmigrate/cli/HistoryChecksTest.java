package dev.dbmigrate.cli;

import static dev.dbmigrate.cli.MigrationFiles.name;
import static dev.dbmigrate.cli.MigrationFiles.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.PostgresDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks that protect a run against history that no longer matches the code: edited applied
 * migrations, late merges, half-done non-transactional migrations, and tables locked by others.
 */
class HistoryChecksTest {

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
  }

  @Test
  void an_edited_applied_migration_exits_10_until_repair_accepts_it() throws Exception {
    files.createTable(ts(1), "A", "t_a");
    cli.run("latest").assertExit(ExitCodes.OK);
    files.createTable(ts(1), "A", "t_a_edited");
    files.createTable(ts(2), "B", "t_b");

    CliRunner.Result r = cli.run("latest").assertExit(10).assertNoStackTrace().assertOneLineError();

    assertTrue(
        r.err().contains("migration " + name(1, "A") + " was changed after it was applied"),
        r::toString);
    assertTrue(r.err().contains("'dbmigrate repair'"), r::toString);
    assertFalse(state.tableExists("t_b"));

    CliRunner.Result repair = cli.run("repair").assertExit(ExitCodes.OK);
    assertTrue(repair.out().contains("Accepted edit of " + name(1, "A")), repair::toString);
    cli.run("latest").assertExit(ExitCodes.OK);
    assertTrue(state.tableExists("t_b"));
    assertTrue(cli.run("repair").assertExit(ExitCodes.OK).out().contains("Nothing to repair."));
  }

  @Test
  void formatting_and_comments_do_not_count_as_an_edit() throws Exception {
    Path file = files.createTable(ts(1), "A", "t_a");
    cli.run("latest").assertExit(ExitCodes.OK);
    Files.writeString(file, "// reformatted\n" + Files.readString(file).replace("  ", "\t"));

    cli.run("status", "--fail-on-pending").assertExit(ExitCodes.OK);
  }

  @Test
  void a_pending_migration_older_than_the_newest_applied_exits_11_unless_allowed()
      throws Exception {
    files.createTable(ts(2), "Newer", "t_newer");
    cli.run("latest").assertExit(ExitCodes.OK);
    files.createTable(ts(1), "MergedLate", "t_merged_late");

    CliRunner.Result r = cli.run("latest").assertExit(11).assertNoStackTrace().assertOneLineError();

    assertTrue(
        r.err()
            .contains(
                "pending migration "
                    + name(1, "MergedLate")
                    + " is older than the newest applied migration "
                    + name(2, "Newer")),
        r::toString);
    assertTrue(r.err().contains("--allow-out-of-order"), r::toString);
    assertFalse(state.tableExists("t_merged_late"));

    cli.run("latest", "--allow-out-of-order").assertExit(ExitCodes.OK);
    assertTrue(state.tableExists("t_merged_late"));
    assertEquals(List.of(name(1, "MergedLate")), state.batch(2));
  }

  @Test
  void a_non_transactional_migration_that_failed_part_way_exits_12_until_repaired()
      throws Exception {
    String className = "M" + ts(1) + "_Concurrently";
    String failing =
        """
        package db.migration;

        import dev.dbmigrate.engine.Migration;
        import org.jooq.DSLContext;

        public class %s implements Migration {
          @Override public void up(DSLContext db) {
            db.execute("create table t_half (id int)");
            db.execute("%s");
          }
          @Override public void down(DSLContext db) { db.execute("drop table t_half"); }
          @Override public boolean transactional() { return false; }
        }
        """;
    files.write(
        className, failing.formatted(className, "create index concurrently on no_such_table (id)"));

    CliRunner.Result first =
        cli.run("latest").assertExit(1).assertNoStackTrace().assertOneLineError();
    assertTrue(
        first.err().contains("ran outside a transaction, so part of it may be applied"),
        first::toString);
    assertTrue(
        state.tableExists("t_half"), "a non-transactional migration's first statement was undone");
    assertEquals(List.of("failed"), state.column("select status from " + DatabaseState.HISTORY));

    CliRunner.Result again =
        cli.run("latest").assertExit(12).assertNoStackTrace().assertOneLineError();
    assertTrue(again.err().contains("repair"), again::toString);
    cli.run("status", "--fail-on-pending").assertExit(12);

    // Undo by hand, clear the failure, fix the code: the next run applies it from the start.
    db.execute("drop table t_half");
    assertTrue(
        cli.run("repair")
            .assertExit(ExitCodes.OK)
            .out()
            .contains("Cleared failed or interrupted " + name(1, "Concurrently")));
    files.write(
        className, failing.formatted(className, "create index concurrently on t_half (id)"));
    cli.run("latest").assertExit(ExitCodes.OK);
    assertEquals(List.of("applied"), state.column("select status from " + DatabaseState.HISTORY));
  }

  @Test
  void a_migration_whose_run_ended_while_it_ran_is_shown_as_running_and_stops_runs_with_12()
      throws Exception {
    files.migration(ts(1), "Backfill").up("select 1").write();
    cli.run("status").assertExit(ExitCodes.OK);
    // What a run killed while the server still ran its statement leaves behind.
    db.execute(
        "create table "
            + DatabaseState.HISTORY
            + " (name text primary key, batch integer not null, applied_at timestamptz not null"
            + " default now(), execution_ms bigint not null, applied_by text not null, checksum"
            + " text not null, status text not null default 'applied', backend text)");
    String checksum =
        dev.dbmigrate.engine.SourceChecksum.of(
            Files.readString(files.packageDir().resolve("M" + ts(1) + "_Backfill.java")));
    db.execute(
        "insert into "
            + DatabaseState.HISTORY
            + " (name, batch, execution_ms, applied_by, checksum, status, backend) values ('"
            + name(1, "Backfill")
            + "', 1, 0, 'ci@runner', '"
            + checksum
            + "', 'running', '4242:1')");

    CliRunner.Result status = cli.run("status", "--fail-on-pending").assertExit(12);
    assertTrue(status.out().contains("running"), status::toString);
    assertTrue(status.out().contains("database session pid 4242"), status::toString);
    CliRunner.Result list = cli.run("list").assertExit(ExitCodes.OK);
    assertTrue(list.out().contains(name(1, "Backfill") + " (running"), list::toString);
    CliRunner.Result latest =
        cli.run("latest").assertExit(12).assertNoStackTrace().assertOneLineError();
    assertTrue(latest.err().contains("migration " + name(1, "Backfill")), latest::toString);
    assertTrue(latest.err().contains("repair --mark-applied"), latest::toString);

    cli.run("repair", "--mark-applied").assertExit(ExitCodes.OK);
    cli.run("status", "--fail-on-pending").assertExit(ExitCodes.OK);
  }

  @Test
  void a_table_locked_by_another_session_exits_7_naming_the_blocker() throws Exception {
    db.execute("create table busy (id int)");
    files.sql(
        ts(1),
        "AlterBusy",
        "alter table busy add column note text",
        "alter table busy drop column note");
    try (Connection blocker = db.connect();
        Statement s = blocker.createStatement()) {
      blocker.setAutoCommit(false);
      s.execute("lock table busy in access share mode");
      int pid;
      try (ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
        rs.next();
        pid = rs.getInt(1);
      }

      CliRunner.Result r =
          cli.run("latest", "--lock-timeout", "300ms", "--lock-retries", "0")
              .assertExit(7)
              .assertNoStackTrace()
              .assertOneLineError();

      assertTrue(r.err().contains("could not get a lock within lock_timeout 300 ms"), r::toString);
      assertTrue(r.err().contains("held by pid " + pid), r::toString);
      assertTrue(r.err().contains("nothing of it was applied"), r::toString);
      blocker.rollback();
    }
    assertEquals(List.of(), state.history());
    assertEquals(
        0L,
        db.scalar(
            "select count(*) from information_schema.columns"
                + " where table_name = 'busy' and column_name = 'note'"));
  }
}
