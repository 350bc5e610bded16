package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.PostgresDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * State that outlives the run that made it: a non-transactional migration whose run died, a
 * migration that commits dbmigrate's transaction itself, and the lock's connection dying after a
 * migration committed. Each is provoked on a real PostgreSQL.
 */
class InterruptedRunsTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  private static final String A = "20260101000001_A";
  private static final String B = "20260101000002_B";

  private TestMigrations code;
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final MigrationListener recorder =
      new MigrationListener() {
        @Override
        public void waitingForRunningMigration(String migration, int pid, Duration timeout) {
          events.add("waiting for " + migration + " in pid " + pid);
        }
      };

  @BeforeEach
  void emptySchema() throws SQLException {
    db.execute("drop schema public cascade; create schema public");
    db.execute("create table marks (n int)");
    code = new TestMigrations();
    events.clear();
  }

  private Migrator migrator(Duration lockWait) {
    MigratorConfig config =
        MigratorConfig.defaults()
            .withTimeouts(lockWait, Duration.ofSeconds(5), Duration.ofSeconds(30));
    return new Migrator(db.dataSource(), code, config, recorder);
  }

  private Migrator migrator() {
    return migrator(Duration.ofSeconds(10));
  }

  /** A non-transactional migration that inserts one mark: running it twice shows as two. */
  private void markingMigration(String name) {
    code.add(name, d -> d.execute("insert into marks values (1)"), d -> {}, false, "cs-" + name);
  }

  private long marks() throws SQLException {
    return (Long) db.scalar("select count(*) from marks");
  }

  /** Writes a history row the way a run that was killed mid-migration leaves it. */
  private void runningRow(String name, String backend) throws SQLException {
    migrator().status(); // nothing yet; the table comes with the first run below
    new Migrator(db.dataSource(), new TestMigrations(), MigratorConfig.defaults(), recorder)
        .latest();
    db.execute(
        "insert into dbmigrate_migrations (name, batch, execution_ms, applied_by, checksum, status,"
            + " backend) values ('"
            + name
            + "', 1, 0, 'killed@host', 'cs-"
            + name
            + "', 'running', "
            + (backend == null ? "null" : "'" + backend + "'")
            + ")");
  }

  /** The identity of a live session as the engine records it. */
  private static String backendOf(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select pid || ':' || extract(epoch from backend_start) from pg_stat_activity"
                    + " where pid = pg_backend_pid()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void a_non_transactional_migration_is_recorded_running_before_its_first_statement()
      throws SQLException {
    AtomicReference<Object> seen = new AtomicReference<>();
    code.add(
        A,
        d ->
            seen.set(
                d.fetchValue(
                    "select status || ' ' || (backend = (select pid || ':' || extract(epoch from"
                        + " backend_start) from pg_stat_activity where pid = pg_backend_pid()))"
                        + " from dbmigrate_migrations where name = '"
                        + A
                        + "'")),
        d -> {},
        false,
        "cs");

    migrator().latest();

    assertEquals("running true", seen.get(), "the row names this very session while it runs");
    assertEquals("applied", db.scalar("select status from dbmigrate_migrations"));
  }

  @Test
  void a_running_row_whose_session_is_gone_stops_the_run_with_exit_12_naming_it()
      throws SQLException {
    markingMigration(A);
    runningRow(A, "999999:1");

    MigrationException e = assertThrows(MigrationException.class, () -> migrator().latest());

    assertEquals(ErrorCode.NEEDS_ATTENTION, e.code());
    assertEquals(A, e.migration());
    assertTrue(e.getMessage().contains("its run ended before it finished"), e.getMessage());
    assertTrue(e.getMessage().contains("repair --mark-applied"), e.getMessage());
    assertEquals(0, marks(), "it must not run again blindly");
    assertEquals(MigrationState.RUNNING, migrator().status().migrations().get(0).state());
    assertEquals(
        ErrorCode.NEEDS_ATTENTION,
        assertThrows(MigrationException.class, () -> migrator().rollback(false)).code());

    assertEquals(List.of(A), migrator().repair(true).markedApplied());
    assertEquals(0, migrator().latest().executed().size());
    assertEquals(0, marks());
    assertTrue(migrator().status().upToDate());
  }

  @Test
  void repair_forgets_an_interrupted_migration_so_the_next_run_applies_it_again()
      throws SQLException {
    markingMigration(A);
    runningRow(A, null);

    assertEquals(List.of(A), migrator().repair(false).removedFailed());
    assertEquals(1, migrator().latest().executed().size());
    assertEquals(1, marks());
  }

  @Test
  void a_running_row_whose_session_lives_makes_the_run_wait_for_it_and_not_run_it_again()
      throws Exception {
    markingMigration(A);
    markingMigration(B);
    Connection killedRunsSession = db.connect();
    runningRow(A, backendOf(killedRunsSession));
    CompletableFuture<Void> finishes =
        CompletableFuture.runAsync(
            () -> {
              try (killedRunsSession) {
                Thread.sleep(1000);
                try (Statement s = killedRunsSession.createStatement()) {
                  s.execute("insert into marks values (1)");
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });

    long start = System.nanoTime();
    MigrationException e = assertThrows(MigrationException.class, () -> migrator().latest());
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    finishes.get(5, TimeUnit.SECONDS);

    assertTrue(tookMillis >= 900, "gave up after " + tookMillis + " ms, before the session ended");
    assertEquals(1, events.size(), events::toString);
    assertTrue(events.get(0).startsWith("waiting for " + A + " in pid "), events::toString);
    // The session ended without recording the end, so A needs a person, and B does not run.
    assertEquals(ErrorCode.NEEDS_ATTENTION, e.code());
    assertEquals(A, e.migration());
    assertTrue(e.getMessage().contains("now gone"), e.getMessage());
    assertEquals(1, marks(), "A ran once, in the killed run's session");
    assertEquals(1L, db.scalar("select count(*) from dbmigrate_migrations"), "B did not run");
  }

  @Test
  void a_running_row_whose_session_outlives_the_wait_fails_as_locked_naming_the_pid()
      throws SQLException {
    markingMigration(A);
    try (Connection killedRunsSession = db.connect()) {
      String backend = backendOf(killedRunsSession);
      runningRow(A, backend);

      MigrationException e =
          assertThrows(MigrationException.class, () -> migrator(Duration.ofSeconds(1)).latest());

      assertEquals(ErrorCode.LOCKED, e.code());
      String pid = backend.substring(0, backend.indexOf(':'));
      assertTrue(e.getMessage().contains("still running"), e.getMessage());
      assertTrue(e.getMessage().contains("pg_terminate_backend(" + pid + ")"), e.getMessage());
      assertEquals(0, marks());
    }
  }

  @Test
  void a_commit_inside_a_transactional_migration_fails_it_saying_part_may_be_committed()
      throws SQLException {
    code.add(
        A,
        d -> {
          d.execute("create table first_half (id int)");
          d.execute("commit");
          d.execute("create table second_half (id int)");
        },
        d -> {});

    MigrationException e = assertThrows(MigrationException.class, () -> migrator().latest());

    assertEquals(ErrorCode.MIGRATION_FAILED, e.code());
    assertTrue(e.getMessage().contains("ended the transaction"), e.getMessage());
    assertTrue(e.getMessage().contains("statement: commit"), e.getMessage());
    assertTrue(e.getMessage().contains("part of it may be committed"), e.getMessage());
    assertFalse(e.getMessage().contains("nothing of it is applied"), e.getMessage());
    assertNotNull(db.scalar("select to_regclass('public.first_half')"), "the COMMIT kept it");
    assertNull(db.scalar("select to_regclass('public.second_half')"));
    assertEquals("failed", db.scalar("select status from dbmigrate_migrations"));
    assertEquals(
        ErrorCode.NEEDS_ATTENTION,
        assertThrows(MigrationException.class, () -> migrator().latest()).code());
  }

  @Test
  void a_rollback_in_a_multi_statement_execute_is_named_and_nothing_is_recorded_as_applied()
      throws SQLException {
    code.add(
        A,
        d -> d.execute("create table gone (id int); rollback; create table kept_alone (id int)"),
        d -> {});

    MigrationException e = assertThrows(MigrationException.class, () -> migrator().latest());

    assertTrue(e.getMessage().contains("statement: rollback"), e.getMessage());
    assertEquals("failed", db.scalar("select status from dbmigrate_migrations"));
  }

  @Test
  void a_commit_followed_by_a_failing_statement_does_not_claim_nothing_was_applied()
      throws SQLException {
    code.add(
        A,
        d -> {
          d.execute("create table first_half (id int)");
          d.execute("commit");
          d.execute("select 1 / 0");
        },
        d -> {});

    MigrationException e = assertThrows(MigrationException.class, () -> migrator().latest());

    assertTrue(e.getMessage().contains("part of it may be committed"), e.getMessage());
    assertFalse(e.getMessage().contains("nothing of it is applied"), e.getMessage());
    assertEquals("failed", db.scalar("select status from dbmigrate_migrations"));
  }

  @Test
  void losing_the_lock_connection_after_a_commit_says_the_migration_was_committed_and_recorded()
      throws SQLException {
    code.add(
            A,
            d -> {
              d.execute("create table a (id int)");
              // The run lock is the only advisory lock in this database: end its session, and
              // wait (up to 5 s) until it is gone, with the lock it held: the check before the
              // next migration looks for the lock, and a signalled backend holds it until it exits.
              d.execute(
                  "select pg_terminate_backend(pid, 5000) from pg_locks where locktype = 'advisory'"
                      + " and database = (select oid from pg_database where datname ="
                      + " current_database())");
            },
            d -> {})
        .table(B, "b");

    MigrationException e = assertThrows(MigrationException.class, () -> migrator().latest());

    assertEquals(ErrorCode.CONNECTION_LOST, e.code());
    assertTrue(e.getMessage().contains("holds the migration lock"), e.getMessage());
    assertTrue(
        e.getMessage().contains("Migration " + A + " was committed and recorded"), e.getMessage());
    assertTrue(e.getMessage().contains("stopped before " + B), e.getMessage());
    assertEquals(1L, db.scalar("select count(*) from dbmigrate_migrations"));
    assertEquals(1, migrator().latest().executed().size(), "the next run applies the rest");
  }
}
