package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.PostgresDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Integrity checks, ordering policy, timeouts and recovery, each provoked on a real PostgreSQL. */
class SafetyTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  private TestMigrations code;
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final MigrationListener recorder =
      new MigrationListener() {
        @Override
        public void retrying(String migration, int attempt, Duration delay, String reason) {
          events.add("retry " + attempt + ": " + reason);
        }

        @Override
        public void waitingForLock(LockHolder holder, Duration timeout) {
          events.add("waiting for " + holder.describe());
        }
      };

  @BeforeEach
  void emptySchema() throws SQLException {
    db.execute("drop schema public cascade; create schema public");
    code = new TestMigrations();
    events.clear();
  }

  private Migrator migrator(MigratorConfig config) {
    return new Migrator(db.dataSource(), code, config, recorder);
  }

  private Migrator migrator() {
    return migrator(MigratorConfig.defaults());
  }

  private static MigratorConfig fastTimeouts() {
    return MigratorConfig.defaults()
        .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofSeconds(5))
        .withRetries(2, Duration.ofMillis(100));
  }

  @Test
  void edited_applied_migration_stops_latest_until_repaired() throws SQLException {
    code.table("20260101000001_A", "a");
    migrator().latest();
    code.add("20260101000001_A", d -> d.execute("create table a (id int)"), d -> {}, true, "edited")
        .table("20260101000002_B", "b");

    MigrationException e = assertThrows(MigrationException.class, () -> migrator().latest());
    assertEquals(ErrorCode.CHECKSUM_MISMATCH, e.code());
    assertTrue(
        e.getMessage().contains("20260101000001_A was changed after it was applied"),
        e.getMessage());
    assertTrue(e.getMessage().contains("dbmigrate repair"), e.getMessage());
    assertEquals(null, db.scalar("select to_regclass('public.b')"), "nothing may run");

    RepairResult repaired = migrator().repair(false);
    assertEquals(1, repaired.realigned().size());
    assertEquals("checksum-of-20260101000001_A", repaired.realigned().get(0).recorded());
    assertEquals("edited", repaired.realigned().get(0).current());
    assertEquals(1, migrator().latest().executed().size());
  }

  @Test
  void late_merged_migration_is_refused_unless_allowed() throws SQLException {
    code.table("20260101000002_B", "b");
    migrator().latest();
    code.table("20260101000001_Late", "late");

    MigrationException e = assertThrows(MigrationException.class, () -> migrator().latest());
    assertEquals(ErrorCode.OUT_OF_ORDER, e.code());
    assertTrue(e.getMessage().contains("20260101000001_Late"), e.getMessage());
    assertTrue(e.getMessage().contains("20260101000002_B"), e.getMessage());
    assertTrue(e.getMessage().contains("allow-out-of-order"), e.getMessage());

    RunResult allowed = migrator(MigratorConfig.defaults().withAllowOutOfOrder(true)).latest();
    assertEquals("20260101000001_Late", allowed.executed().get(0).name());
  }

  @Test
  void duplicate_timestamps_fail_before_anything_runs() throws SQLException {
    code.table("20260101000001_A", "a").table("20260101000001_B", "b");
    MigrationException e = assertThrows(MigrationException.class, () -> migrator().latest());
    assertEquals(ErrorCode.INVALID_MIGRATIONS, e.code());
    assertTrue(
        e.getMessage().contains("20260101000001_A") && e.getMessage().contains("20260101000001_B"),
        e.getMessage());
    assertEquals(null, db.scalar("select to_regclass('public.dbmigrate_migrations')"));
  }

  @Test
  void applied_migration_missing_from_code_names_the_fix() {
    code.table("20260101000001_A", "a");
    migrator().latest();
    code.remove("20260101000001_A");
    MigrationException e = assertThrows(MigrationException.class, () -> migrator().latest());
    assertEquals(ErrorCode.INVALID_MIGRATIONS, e.code());
    assertTrue(e.getMessage().contains("its code is gone"), e.getMessage());
    assertTrue(
        e.getMessage()
            .contains(
                "DELETE FROM \"public\".\"dbmigrate_migrations\" WHERE name = '20260101000001_A'"),
        e.getMessage());
  }

  @Test
  void migration_blocked_by_a_table_lock_times_out_retries_and_fails_naming_the_lock()
      throws Exception {
    db.execute("create table busy (id int)");
    code.add(
        "20260101000001_AlterBusy",
        d -> d.execute("alter table busy add column note text"),
        d -> {});
    try (Connection holder = db.connect()) {
      holder.setAutoCommit(false);
      try (Statement s = holder.createStatement()) {
        s.execute("set application_name = 'long report'");
        s.execute("lock table busy in access share mode");
      }
      MigrationException e =
          assertThrows(MigrationException.class, () -> migrator(fastTimeouts()).latest());
      assertEquals(ErrorCode.LOCK_TIMEOUT, e.code());
      assertTrue(e.getMessage().contains("3 attempts"), e.getMessage());
      assertTrue(e.getMessage().contains("AccessExclusiveLock on table busy"), e.getMessage());
      assertTrue(e.getMessage().contains("application 'long report'"), e.getMessage());
      assertEquals(2, events.stream().filter(s -> s.startsWith("retry")).count());
      holder.rollback();
    }
    assertEquals(0L, db.scalar("select count(*) from dbmigrate_migrations"));
    assertEquals(
        0L,
        db.scalar(
            "select count(*) from information_schema.columns where table_name = 'busy' and column_name = 'note'"));
  }

  @Test
  void migration_blocked_by_a_table_lock_succeeds_once_the_lock_goes_away() throws Exception {
    db.execute("create table busy (id int)");
    code.add(
        "20260101000001_AlterBusy",
        d -> d.execute("alter table busy add column note text"),
        d -> {});
    Connection holder = db.connect();
    holder.setAutoCommit(false);
    try (Statement s = holder.createStatement()) {
      s.execute("lock table busy in access share mode");
    }
    // The lock holder finishes once the migration has timed out and waits to retry: on the first
    // retry event, not after a fixed time that a loaded machine may outrun.
    CompletableFuture<Void> release =
        CompletableFuture.runAsync(
            () -> {
              try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (events.stream().noneMatch(e -> e.startsWith("retry"))
                    && System.nanoTime() < deadline) {
                  Thread.sleep(10);
                }
                holder.rollback();
                holder.close();
              } catch (Exception ignored) {
                // The test's assertions tell whether the release happened.
              }
            });
    RunResult result = migrator(fastTimeouts()).latest();
    release.get(30, TimeUnit.SECONDS);
    assertEquals(1, result.executed().size());
    assertFalse(events.isEmpty(), "it must have retried at least once");
    assertEquals(
        1L,
        db.scalar(
            "select count(*) from information_schema.columns where table_name = 'busy' and column_name = 'note'"));
  }

  @Test
  void statement_timeout_stops_a_runaway_migration() throws SQLException {
    code.add("20260101000001_Slow", d -> d.execute("select pg_sleep(3)"), d -> {});
    MigratorConfig config =
        MigratorConfig.defaults()
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMillis(300));
    MigrationException e = assertThrows(MigrationException.class, () -> migrator(config).latest());
    assertEquals(ErrorCode.MIGRATION_FAILED, e.code());
    assertTrue(e.getMessage().contains("statement_timeout"), e.getMessage());
  }

  @Test
  void run_lock_wait_times_out_and_names_the_holder() throws Exception {
    code.table("20260101000001_A", "a");
    try (Connection other = db.connect();
        Statement s = other.createStatement()) {
      s.execute("set application_name = 'dbmigrate latest on buildhost pid 42'");
      s.execute(
          "select pg_advisory_lock(1684172135, "
              + "\"public\".\"dbmigrate_migrations\"".hashCode()
              + ")");
      MigratorConfig config =
          MigratorConfig.defaults()
              .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(5));
      MigrationException e =
          assertThrows(MigrationException.class, () -> migrator(config).latest());
      assertEquals(ErrorCode.LOCKED, e.code());
      assertTrue(e.getMessage().contains("dbmigrate latest on buildhost pid 42"), e.getMessage());
      assertTrue(e.getMessage().contains("pg_terminate_backend("), e.getMessage());
      assertTrue(events.get(0).startsWith("waiting for pid "), events.toString());
      assertEquals(null, db.scalar("select to_regclass('public.a')"));
      assertEquals(
          1L,
          db.scalar(
              "select count(*) from pg_locks where locktype = 'advisory'"
                  + " and database = (select oid from pg_database where datname = current_database())"
                  + " and granted"),
          "the other session keeps its lock");
    }
  }

  @Test
  void terminated_backend_fails_cleanly_records_nothing_and_the_next_run_resumes()
      throws SQLException {
    AtomicBoolean terminate = new AtomicBoolean(true);
    code.table("20260101000001_A", "a")
        .add(
            "20260101000002_B",
            d -> {
              d.execute("create table b (id int)");
              if (terminate.getAndSet(false)) {
                d.execute("select pg_terminate_backend(pg_backend_pid())");
              }
            },
            d -> d.execute("drop table b"))
        .table("20260101000003_C", "c");
    MigrationException e = assertThrows(MigrationException.class, () -> migrator().latest());
    assertEquals(ErrorCode.CONNECTION_LOST, e.code());
    assertEquals("20260101000002_B", e.migration());
    assertTrue(e.getMessage().contains("nothing was recorded"), e.getMessage());
    assertEquals(1L, db.scalar("select count(*) from dbmigrate_migrations"));
    assertEquals(null, db.scalar("select to_regclass('public.b')"));

    RunResult resumed = migrator().latest();
    assertEquals(2, resumed.executed().size());
    assertEquals(3L, db.scalar("select count(*) from dbmigrate_migrations"));
  }

  @Test
  void half_applied_non_transactional_migration_waits_for_a_person() throws SQLException {
    AtomicBoolean fail = new AtomicBoolean(true);
    code.add(
        "20260101000001_Indexes",
        d -> {
          d.execute("create table if not exists t (id int, v int)");
          d.execute("create index concurrently if not exists t_id on t (id)");
          if (fail.get()) {
            d.execute("create index concurrently t_v on t (no_such_column)");
          }
          d.execute("create index concurrently if not exists t_v on t (v)");
        },
        d -> d.execute("drop table t"),
        false,
        "cs");
    MigrationException e = assertThrows(MigrationException.class, () -> migrator().latest());
    assertEquals(ErrorCode.MIGRATION_FAILED, e.code());
    assertTrue(e.getMessage().contains("outside a transaction"), e.getMessage());
    assertTrue(e.getMessage().contains("repair"), e.getMessage());
    assertEquals("failed", db.scalar("select status from dbmigrate_migrations"));
    assertEquals(MigrationState.FAILED, migrator().status().migrations().get(0).state());

    MigrationException again = assertThrows(MigrationException.class, () -> migrator().latest());
    assertEquals(
        ErrorCode.NEEDS_ATTENTION, again.code(), "a failed migration is never re-run blindly");

    fail.set(false);
    assertEquals(List.of("20260101000001_Indexes"), migrator().repair(false).removedFailed());
    assertEquals(1, migrator().latest().executed().size());
    assertEquals("applied", db.scalar("select status from dbmigrate_migrations"));
    assertEquals(2L, db.scalar("select count(*) from pg_indexes where tablename = 't'"));
  }

  @Test
  void failed_non_transactional_migration_finished_by_hand_can_be_marked_applied()
      throws SQLException {
    code.add(
        "20260101000001_Idx",
        d -> d.execute("create index concurrently i on missing (id)"),
        d -> {},
        false,
        "cs");
    assertThrows(MigrationException.class, () -> migrator().latest());
    assertEquals(List.of("20260101000001_Idx"), migrator().repair(true).markedApplied());
    assertTrue(migrator().status().upToDate());
  }

  @Test
  void two_runs_started_together_apply_each_migration_exactly_once() throws Exception {
    for (int i = 1; i <= 5; i++) {
      String table = "t" + i;
      code.add(
          "2026010100000" + i + "_T" + i,
          d -> {
            d.execute("create table " + table + " (id int)");
            d.execute("select pg_sleep(0.05)");
          },
          d -> d.execute("drop table " + table));
    }
    List<CompletableFuture<RunResult>> runs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      runs.add(CompletableFuture.supplyAsync(() -> migrator().latest()));
    }
    int executed = 0;
    for (CompletableFuture<RunResult> run : runs) {
      executed += run.get(30, TimeUnit.SECONDS).executed().size();
    }
    assertEquals(5, executed, "together the runs apply each migration once");
    assertEquals(5L, db.scalar("select count(*) from dbmigrate_migrations"));
  }
}
