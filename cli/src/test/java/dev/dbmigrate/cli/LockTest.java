package dev.dbmigrate.cli;

import static dev.dbmigrate.cli.MigrationFiles.name;
import static dev.dbmigrate.cli.MigrationFiles.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.PostgresDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The migration lock as another session holds it: unlock reports, runs wait or give up. */
class LockTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  /** The engine's advisory lock key: "dbmg" in ASCII, and the hash of the history table's name. */
  static final int NAMESPACE = 1684172135;

  static final int KEY = "\"public\".\"dbmigrate_migrations\"".hashCode();

  @TempDir Path tmp;
  CliRunner cli;
  DatabaseState state = new DatabaseState(db);
  Connection holder;
  int holderPid;

  @BeforeEach
  void setUp() throws Exception {
    state.reset();
    cli = CliRunner.forProject(db, tmp);
    cli.files().createTable(ts(1), "A", "t_a");
  }

  @AfterEach
  void closeHolder() throws SQLException {
    if (holder != null) {
      holder.close();
    }
  }

  /** Takes the run lock the way the engine does, on a connection of its own. */
  private void holdLock() throws SQLException {
    holder = db.connect();
    try (Statement s = holder.createStatement();
        ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
      rs.next();
      holderPid = rs.getInt(1);
    }
    lockCall("select pg_advisory_lock(?, ?)");
  }

  private void lockCall(String sql) throws SQLException {
    try (PreparedStatement ps = holder.prepareStatement(sql)) {
      ps.setInt(1, NAMESPACE);
      ps.setInt(2, KEY);
      ps.executeQuery().close();
    }
  }

  /** True when the holder's session still has the lock, asked from that session. */
  private boolean holderStillHolds() throws SQLException {
    try (PreparedStatement ps =
        holder.prepareStatement(
            "select count(*) from pg_locks where locktype = 'advisory' and granted"
                + " and pid = pg_backend_pid() and classid::bigint = ? and objid::bigint = ? and objsubid = 2")) {
      ps.setLong(1, Integer.toUnsignedLong(NAMESPACE));
      ps.setLong(2, Integer.toUnsignedLong(KEY));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1) == 1;
      }
    }
  }

  @Test
  void unlock_with_the_lock_free_exits_0_and_says_free() {
    CliRunner.Result r = cli.run("unlock").assertExit(ExitCodes.OK);
    assertTrue(r.out().contains("free"), r::toString);
  }

  @Test
  void unlock_while_another_session_holds_the_lock_exits_6_names_the_pid_and_releases_nothing()
      throws Exception {
    holdLock();

    CliRunner.Result r = cli.run("unlock").assertExit(6).assertNoStackTrace();

    assertTrue(r.out().contains("pid " + holderPid), r::toString);
    assertTrue(r.out().contains("pg_terminate_backend(" + holderPid + ")"), r::toString);
    assertTrue(holderStillHolds(), "unlock released a live session's lock");
    // Still held for everyone else too: a second unlock sees the same holder.
    assertTrue(cli.run("unlock").assertExit(6).out().contains("pid " + holderPid));
  }

  @Test
  void unlock_json_reports_the_holder_pid() throws Exception {
    holdLock();

    CliRunner.Result r = cli.run("unlock", "--json").assertExit(6);

    Object json = MiniJson.parse(r.out());
    assertEquals(true, MiniJson.at(json, "locked"));
    assertEquals((long) holderPid, MiniJson.at(json, "pid"));
  }

  @Test
  void latest_gives_up_after_the_lock_wait_timeout_with_exit_6_naming_the_holder()
      throws Exception {
    holdLock();

    long start = System.nanoTime();
    CliRunner.Result r =
        cli.run("latest", "--lock-wait-timeout", "1s").assertExit(6).assertNoStackTrace();
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertTrue(r.err().contains("another migration run holds the lock"), r::toString);
    assertTrue(r.err().contains("pid " + holderPid), r::toString);
    assertTrue(
        r.out().contains("Waiting up to 1s for the migration lock, held by pid " + holderPid),
        r::toString);
    assertTrue(took.toMillis() >= 900, "gave up after " + took + ", before the wait timeout");
    assertTrue(took.toMillis() < 10_000, "waited " + took + " for a 1s timeout");
    assertFalse(state.tableExists("t_a"), "a migration ran without the lock");
    assertEquals(List.of(), state.history());
    assertTrue(holderStillHolds());
  }

  @Test
  void latest_waits_for_the_lock_and_runs_once_the_holder_releases_it() throws Exception {
    holdLock();
    CompletableFuture<Void> release =
        CompletableFuture.runAsync(
            () -> {
              try {
                Thread.sleep(1000);
                lockCall("select pg_advisory_unlock(?, ?)");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });

    long start = System.nanoTime();
    CliRunner.Result r = cli.run("latest", "--lock-wait-timeout", "10s").assertExit(ExitCodes.OK);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    release.get(5, TimeUnit.SECONDS);

    assertTrue(
        r.out().contains("Waiting up to 10s for the migration lock, held by pid " + holderPid),
        r::toString);
    assertTrue(r.out().contains("Batch 1 run: 1 migration"), r::toString);
    assertTrue(
        took.toMillis() >= 900, "ran after " + took + ", before the holder released the lock");
    assertEquals(List.of(name(1, "A")), state.history());
    assertTrue(state.tableExists("t_a"));
  }

  @Test
  void a_different_history_table_has_its_own_lock() throws Exception {
    holdLock();

    cli.run("latest", "--table", "other_history", "--lock-wait-timeout", "1s")
        .assertExit(ExitCodes.OK);

    assertTrue(state.tableExists("other_history"));
    assertTrue(state.tableExists("t_a"));
  }
}
