package dev.dbmigrate.cli.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real command line in separate JVMs, the way a pipeline or two developers would: a run
 * killed with SIGKILL while it holds the lock, and two runs started at the same moment. Each test
 * runs once per engine, through a subclass that says what differs ({@link SeparateProcessesTest}
 * for PostgreSQL, {@link SeparateProcessesMariaDbTest}).
 */
abstract class SeparateProcesses {

  @TempDir Path migrations;
  @TempDir Path cache;

  TestDatabase db;

  abstract TestDatabase database();

  /** A statement that takes this long on the server. */
  abstract String sleep(double seconds);

  /** One statement inserting one row into {@code marks} that takes three seconds. */
  abstract String slowInsert();

  /** Whether the server runs a statement whose client is gone (so the next run must wait). */
  abstract boolean serverFinishesADeadClientsStatement();

  /**
   * Whether a migration's DDL is rolled back with it (false: every migration is recorded first).
   */
  abstract boolean transactionalDdl();

  abstract boolean tableExists(String table) throws SQLException;

  abstract boolean statementRunning(String like) throws SQLException;

  @BeforeEach
  void emptySchema() throws SQLException {
    db = database();
    db.clear();
  }

  /** Migrations that each create a table and then take a while. */
  private void writeSlowMigrations(int count, double seconds) throws IOException {
    Path dir = Files.createDirectories(migrations.resolve("db/migration"));
    for (int i = 1; i <= count; i++) {
      String cls = "M2026010100000" + i + "_Slow" + i;
      Files.writeString(
          dir.resolve(cls + ".java"),
          """
          package db.migration;

          import dev.dbmigrate.engine.Migration;
          import org.jooq.DSLContext;

          public class %s implements Migration {
            public void up(DSLContext db) {
              db.execute("create table slow%d (id int)");
              db.execute("%s");
            }

            public void down(DSLContext db) {
              db.execute("drop table slow%d");
            }
          }
          """
              .formatted(cls, i, sleep(seconds), i),
          StandardCharsets.UTF_8);
    }
  }

  private Process start(String... args) throws IOException {
    return start(File.createTempFile("dbmigrate-run", ".log"), args);
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
    env.put("DBMIGRATE_URL", db.url());
    env.put("DBMIGRATE_USER", db.user());
    if (!db.password().isEmpty()) {
      env.put("DBMIGRATE_PASSWORD", db.password());
    }
    env.put("DBMIGRATE_MIGRATIONS_DIR", migrations.toString());
    env.put("DBMIGRATE_CACHE_DIR", cache.toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(log);
    return pb.start();
  }

  private long applied() throws SQLException {
    return tableExists("dbmigrate_migrations")
        ? count("select count(*) from dbmigrate_migrations where status = 'applied'")
        : 0;
  }

  private long count(String sql) throws SQLException {
    return ((Number) db.scalar(sql)).longValue();
  }

  @Test
  void run_killed_with_sigkill_leaves_no_stale_lock_and_the_next_run_finishes_the_job()
      throws Exception {
    writeSlowMigrations(4, 0.7);
    Process victim = start("latest");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (applied() < 1 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(applied() >= 1, "the first run never applied a migration");
    victim.destroyForcibly();
    assertTrue(victim.waitFor(10, TimeUnit.SECONDS));
    assertTrue(applied() < 4, "the kill must land mid-run");

    Process next = start("latest", "--lock-wait-timeout", "20s");
    assertTrue(next.waitFor(60, TimeUnit.SECONDS));
    if (!transactionalDdl() && next.exitValue() == 12) {
      // Its DDL committed, so the killed migration was recorded as running, never run again: the
      // run stops for a person to decide, as it does for a non-transactional PostgreSQL one.
      Process repair = start("repair", "--mark-applied");
      assertTrue(repair.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, repair.exitValue());
      next = start("latest");
      assertTrue(next.waitFor(60, TimeUnit.SECONDS));
    }
    assertEquals(0, next.exitValue(), "the next run needs no unlock");
    assertEquals(4, applied());
    for (int i = 1; i <= 4; i++) {
      assertTrue(tableExists("slow" + i), "slow" + i);
    }
  }

  @Test
  void a_non_transactional_migration_killed_mid_statement_is_never_run_a_second_time()
      throws Exception {
    db.execute("create table marks (n int)");
    Path dir = Files.createDirectories(migrations.resolve("db/migration"));
    Files.writeString(
        dir.resolve("M20260101000001_Mark.java"),
        """
        package db.migration;

        import dev.dbmigrate.engine.Migration;
        import org.jooq.DSLContext;

        public class M20260101000001_Mark implements Migration {
          @Override
          public boolean transactional() {
            return false;
          }

          public void up(DSLContext db) {
            // One statement: once sent, the server finishes and commits it whatever the client does.
            db.execute("%s");
          }

          public void down(DSLContext db) {}
        }
        """
            .formatted(slowInsert()),
        StandardCharsets.UTF_8);
    Process victim = start("latest");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!statementRunning("insert into marks%") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(statementRunning("insert into marks%"), "the migration never started");
    victim.destroyForcibly();
    assertTrue(victim.waitFor(10, TimeUnit.SECONDS));

    File log = File.createTempFile("dbmigrate-next", ".log");
    Process next = start(log, "latest", "--lock-wait-timeout", "30s");
    assertTrue(next.waitFor(60, TimeUnit.SECONDS));
    String output = Files.readString(log.toPath());

    assertEquals(12, next.exitValue(), output);
    assertEquals(1L, count("select count(*) from marks"), "the migration ran twice");
    assertTrue(output.contains("20260101000001_Mark"), output);
    assertTrue(output.contains("repair --mark-applied"), output);
    if (serverFinishesADeadClientsStatement()) {
      assertTrue(
          output.contains("Waiting up to 30s for 20260101000001_Mark"),
          "the server still ran the killed run's statement when the next run started: " + output);
    }
    assertEquals("running", db.scalar("select status from dbmigrate_migrations"));

    Process repair = start("repair", "--mark-applied");
    assertTrue(repair.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, repair.exitValue());
    Process again = start("latest");
    assertTrue(again.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, again.exitValue());
    assertEquals(1L, count("select count(*) from marks"));
    assertEquals("applied", db.scalar("select status from dbmigrate_migrations"));
  }

  @Test
  void two_runs_started_at_the_same_moment_both_succeed_and_apply_each_migration_once()
      throws Exception {
    writeSlowMigrations(3, 0.2);
    Process first = start("latest");
    Process second = start("latest");
    assertTrue(first.waitFor(60, TimeUnit.SECONDS) && second.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, first.exitValue());
    assertEquals(0, second.exitValue());
    assertEquals(3, applied());
    assertEquals(3L, count("select count(distinct name) from dbmigrate_migrations"));
  }
}
