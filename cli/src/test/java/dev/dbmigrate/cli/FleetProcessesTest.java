package dev.dbmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.PostgresDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fleet runs as separate processes, as two pipelines or a killed job would run them: two at once
 * apply each migration once per target; one killed with SIGKILL is finished by a plain re-run.
 */
class FleetProcessesTest {

  static final int TARGETS = 12;
  static final int MIGRATIONS = 3;

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  static FleetDatabases fleet;

  @TempDir Path migrations;
  @TempDir Path cache;
  @TempDir Path tmp;
  Path fleetFile;

  @BeforeAll
  static void makeFleet() throws Exception {
    fleet = FleetDatabases.create(db, TARGETS);
  }

  @AfterAll
  static void dropFleet() throws Exception {
    fleet.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    for (int i = 0; i < TARGETS; i++) {
      try (Connection c = fleet.connect(i);
          Statement s = c.createStatement()) {
        s.execute("drop schema public cascade; create schema public; create table marks (n int)");
      }
    }
    fleetFile = fleet.writeFleetFile(tmp.resolve("fleet.txt"), "");
  }

  /** Migrations that each leave a mark, then take a while; a second run of one shows twice. */
  private void writeMarkingMigrations(double seconds) throws IOException {
    Path dir = Files.createDirectories(migrations.resolve("db/migration"));
    for (int i = 1; i <= MIGRATIONS; i++) {
      String cls = "M2026010100000" + i + "_Mark" + i;
      Files.writeString(
          dir.resolve(cls + ".java"),
          """
          package db.migration;

          import dev.dbmigrate.engine.Migration;
          import dev.dbmigrate.engine.Sql;
          import org.jooq.DSLContext;

          public class %s implements Migration {
            public void up(DSLContext db) throws Exception {
              Sql.execute(db, "insert into marks values (%d); select pg_sleep(%s)");
            }

            public void down(DSLContext db) throws Exception {
              Sql.execute(db, "delete from marks where n = %d");
            }
          }
          """
              .formatted(cls, i, seconds, i),
          StandardCharsets.UTF_8);
    }
  }

  private Process start(File log, String... args) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.dbmigrate.cli.Main"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("DBMIGRATE_") || k.startsWith("PG"));
    env.put("DBMIGRATE_USER", db.user());
    env.put("DBMIGRATE_MIGRATIONS_DIR", migrations.toString());
    env.put("DBMIGRATE_CACHE_DIR", cache.toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(log);
    return pb.start();
  }

  private long[] marksAndRows(int target) throws SQLException {
    try (Connection c = fleet.connect(target);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select (select count(*) from marks), (select count(distinct n) from marks),"
                    + " case when to_regclass('public.dbmigrate_migrations') is null then 0 else"
                    + " (xpath('/row/c/text()', query_to_xml('select count(*) as c from"
                    + " dbmigrate_migrations', false, true, '')))[1]::text::bigint end")) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
    }
  }

  private void assertEveryTargetDoneOnce() throws SQLException {
    for (int i = 0; i < TARGETS; i++) {
      long[] m = marksAndRows(i);
      assertEquals(MIGRATIONS, m[2], "history rows of target " + i);
      assertEquals(MIGRATIONS, m[0], "a migration ran twice, or not at all, on target " + i);
      assertEquals(MIGRATIONS, m[1], "target " + i);
    }
  }

  private long appliedSoFar() throws SQLException {
    long n = 0;
    for (int i = 0; i < TARGETS; i++) {
      n += marksAndRows(i)[2];
    }
    return n;
  }

  @Test
  void two_fleet_runs_at_once_apply_each_migration_once_per_target() throws Exception {
    writeMarkingMigrations(0.1);
    File firstLog = File.createTempFile("fleet-first", ".log");
    File secondLog = File.createTempFile("fleet-second", ".log");
    Process first = start(firstLog, "latest", "--fleet", fleetFile.toString(), "--parallel", "3");
    Process second = start(secondLog, "latest", "--fleet", fleetFile.toString(), "--parallel", "3");

    assertTrue(first.waitFor(120, TimeUnit.SECONDS) && second.waitFor(120, TimeUnit.SECONDS));
    String both =
        Files.readString(firstLog.toPath()) + "\n---\n" + Files.readString(secondLog.toPath());
    assertEquals(0, first.exitValue(), both);
    assertEquals(0, second.exitValue(), both);
    assertEveryTargetDoneOnce();
  }

  @Test
  void a_fleet_run_killed_with_sigkill_is_finished_by_a_plain_rerun() throws Exception {
    writeMarkingMigrations(0.4);
    File log = File.createTempFile("fleet-victim", ".log");
    Process victim = start(log, "latest", "--fleet", fleetFile.toString(), "--parallel", "3");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (appliedSoFar() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    victim.destroyForcibly();
    assertTrue(victim.waitFor(10, TimeUnit.SECONDS));
    long before = appliedSoFar();
    assertTrue(
        before >= 3 && before < (long) TARGETS * MIGRATIONS,
        "the kill must land mid-fleet: " + before + "; " + Files.readString(log.toPath()));

    File again = File.createTempFile("fleet-rerun", ".log");
    Process rerun = start(again, "latest", "--fleet", fleetFile.toString());
    assertTrue(rerun.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, rerun.exitValue(), Files.readString(again.toPath()));
    assertEveryTargetDoneOnce();
  }
}
