package dev.dbmigrate.cli;

import static dev.dbmigrate.cli.MigrationFiles.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.PostgresDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One target of a fleet fails: its table is locked by another session past lock_timeout. By default
 * the fleet starts no further target; with --on-failure continue it runs them all. Either way the
 * exit code is that target's.
 */
class FleetFailureTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  static FleetDatabases fleet;

  @TempDir Path tmp;
  CliRunner cli;
  Path fleetFile;
  Connection holder;

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
        s.execute("drop schema public cascade; create schema public; create table busy (id int)");
      }
    }
    cli = CliRunner.forProject(db, tmp).withoutEnv("DBMIGRATE_URL");
    cli.files().createTable(ts(1), "A", "t_a");
    cli.files().sql(ts(2), "Widen", "alter table busy add column note text", "select 1");
    fleetFile = fleet.writeFleetFile(tmp.resolve("fleet.txt"), "");
    // The second target's table stays locked by a transaction that never ends during the run.
    holder = fleet.connect(1);
    holder.setAutoCommit(false);
    try (Statement s = holder.createStatement()) {
      s.execute("lock table busy in access share mode");
    }
  }

  @AfterEach
  void release() throws SQLException {
    holder.close();
  }

  private Object scalar(int target, String sql) throws SQLException {
    try (Connection c = fleet.connect(target);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getObject(1) : null;
    }
  }

  private CliRunner.Result run(String... more) {
    String[] args = {
      "latest",
      "--fleet",
      fleetFile.toString(),
      "--parallel",
      "1",
      "--lock-timeout",
      "300ms",
      "--lock-retries",
      "0"
    };
    String[] all = new String[args.length + more.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return cli.run(all);
  }

  @Test
  void by_default_a_failure_starts_no_further_target() throws Exception {
    CliRunner.Result r = run();

    r.assertExit(7).assertNoStackTrace();
    assertTrue(r.out().matches("(?s).*t002 +failed +exit 7: .*lock_timeout.*"), r::toString);
    assertTrue(r.out().matches("(?s).*t003 +skipped .*"), r::toString);
    assertTrue(r.out().contains("Failed:\n  t002 ("), r::toString);
    assertTrue(r.out().contains("Skipped, not started after a failure"), r::toString);
    assertEquals(2L, scalar(0, "select count(*) from dbmigrate_migrations"));
    assertEquals(
        1L, scalar(1, "select count(*) from dbmigrate_migrations"), "its first migration stays");
    assertNull(
        scalar(1, "select column_name from information_schema.columns where column_name = 'note'"));
    assertNull(scalar(2, "select to_regclass('public.dbmigrate_migrations')"), "never started");
  }

  @Test
  void with_continue_every_other_target_runs_and_the_exit_code_is_still_the_failures()
      throws Exception {
    CliRunner.Result r = run("--on-failure", "continue", "--json");

    r.assertExit(7);
    Object reply = MiniJson.parse(r.out());
    assertEquals(false, MiniJson.at(reply, "success"));
    assertEquals(7L, MiniJson.at(reply, "exitCode"));
    assertEquals(2L, MiniJson.at(reply, "summary", "applied"));
    assertEquals(1L, MiniJson.at(reply, "summary", "failed"));
    assertEquals(0L, MiniJson.at(reply, "summary", "skipped"));
    assertEquals("failed", MiniJson.at(reply, "targets", 1, "outcome"));
    assertEquals("LOCK_TIMEOUT", MiniJson.at(reply, "targets", 1, "result", "error", "code"));
    assertEquals(7L, MiniJson.at(reply, "targets", 1, "result", "error", "exitCode"));
    assertEquals(2L, scalar(2, "select count(*) from dbmigrate_migrations"));

    holder.rollback();
    cli.run("latest", "--fleet", fleetFile.toString()).assertExit(0);
    assertEquals(2L, scalar(1, "select count(*) from dbmigrate_migrations"));
  }
}
