package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.PostgresDatabase;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The knex semantics of latest, rollback, up and down, against a real PostgreSQL. */
class MigratorTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  private TestMigrations code;

  @BeforeEach
  void emptySchema() throws SQLException {
    db.execute("drop schema public cascade; create schema public");
    code = new TestMigrations();
  }

  private Migrator migrator() {
    return new Migrator(
        db.dataSource(),
        code,
        MigratorConfig.defaults().withAppliedBy("test@host"),
        MigrationListener.NONE);
  }

  private boolean tableExists(String table) throws SQLException {
    return db.scalar("select to_regclass('public." + table + "')") != null;
  }

  private long historyRows() throws SQLException {
    return (Long) db.scalar("select count(*) from dbmigrate_migrations");
  }

  @Test
  void latest_applies_every_pending_migration_in_order_as_one_batch() throws SQLException {
    code.table("20260101000002_B", "b")
        .table("20260101000001_A", "a")
        .table("20260101000003_C", "c");
    RunResult result = migrator().latest();
    assertEquals(1, result.batch());
    assertEquals(
        List.of("20260101000001_A", "20260101000002_B", "20260101000003_C"),
        result.executed().stream().map(ExecutedMigration::name).toList());
    assertTrue(tableExists("a") && tableExists("b") && tableExists("c"));
    assertEquals("test@host", db.scalar("select distinct applied_by from dbmigrate_migrations"));
    assertEquals(1, db.scalar("select max(batch) from dbmigrate_migrations"));
    assertEquals(
        "checksum-of-20260101000002_B",
        db.scalar("select checksum from dbmigrate_migrations where name = '20260101000002_B'"));
  }

  @Test
  void latest_with_nothing_pending_does_nothing() {
    code.table("20260101000001_A", "a");
    migrator().latest();
    RunResult again = migrator().latest();
    assertTrue(again.nothingToDo());
    assertEquals(0, again.batch());
  }

  @Test
  void each_run_is_a_new_batch_and_rollback_reverts_only_the_last() throws SQLException {
    code.table("20260101000001_A", "a");
    migrator().latest();
    code.table("20260101000002_B", "b").table("20260101000003_C", "c");
    assertEquals(2, migrator().latest().batch());

    RunResult rolledBack = migrator().rollback(false);
    assertEquals(
        List.of("20260101000003_C", "20260101000002_B"),
        rolledBack.executed().stream().map(ExecutedMigration::name).toList());
    assertTrue(tableExists("a"));
    assertFalse(tableExists("b") || tableExists("c"));
    assertEquals(List.of("20260101000002_B", "20260101000003_C"), rolledBack.pending());
  }

  @Test
  void rollback_all_reverts_everything_newest_first() throws SQLException {
    code.table("20260101000001_A", "a");
    migrator().latest();
    code.table("20260101000002_B", "b");
    migrator().latest();
    RunResult all = migrator().rollback(true);
    assertEquals(
        List.of("20260101000002_B", "20260101000001_A"),
        all.executed().stream().map(ExecutedMigration::name).toList());
    assertEquals(0, historyRows());
    assertTrue(migrator().rollback(true).nothingToDo());
  }

  @Test
  void failure_mid_batch_keeps_earlier_ones_and_rolls_the_failed_one_back_completely()
      throws SQLException {
    code.table("20260101000001_A", "a")
        .add(
            "20260101000002_B",
            d -> {
              d.execute("create table b (id int)");
              d.execute("insert into no_such_table values (1)");
            },
            d -> d.execute("drop table b"))
        .table("20260101000003_C", "c");
    MigrationException e = assertThrows(MigrationException.class, () -> migrator().latest());
    assertEquals(ErrorCode.MIGRATION_FAILED, e.code());
    assertEquals("20260101000002_B", e.migration());
    assertTrue(e.getMessage().contains("migration 20260101000002_B failed (up)"), e.getMessage());
    assertTrue(
        e.getMessage().contains("relation \"no_such_table\" does not exist"), e.getMessage());
    assertTrue(e.getMessage().contains("insert into no_such_table"), e.getMessage());
    assertTrue(tableExists("a"));
    assertFalse(tableExists("b"), "the failed migration's first statement must be rolled back");
    assertFalse(tableExists("c"));
    assertEquals(1, historyRows());

    code.table("20260101000002_B", "b");
    RunResult resumed = migrator().latest();
    assertEquals(
        List.of("20260101000002_B", "20260101000003_C"),
        resumed.executed().stream().map(ExecutedMigration::name).toList());
  }

  @Test
  void up_and_down_move_one_migration_at_a_time_or_the_named_one() throws SQLException {
    code.table("20260101000001_A", "a")
        .table("20260101000002_B", "b")
        .table("20260101000003_C", "c");
    assertEquals("20260101000001_A", migrator().up(null).executed().get(0).name());
    assertEquals("20260101000003_C", migrator().up("C").executed().get(0).name());
    assertTrue(tableExists("c"));
    assertFalse(tableExists("b"));
    assertEquals("20260101000003_C", migrator().down(null).executed().get(0).name());
    assertEquals("20260101000001_A", migrator().down("20260101000001_A").executed().get(0).name());
    assertEquals(0, historyRows());

    MigrationException notPending =
        assertThrows(MigrationException.class, () -> migrator().up("Nope"));
    assertEquals(ErrorCode.NOT_FOUND, notPending.code());
    MigrationException notApplied =
        assertThrows(MigrationException.class, () -> migrator().down("B"));
    assertEquals(ErrorCode.NOT_FOUND, notApplied.code());
  }

  @Test
  void failing_down_keeps_the_migration_applied() throws SQLException {
    code.add(
        "20260101000001_A",
        d -> d.execute("create table a (id int)"),
        d -> d.execute("drop table not_there"));
    migrator().latest();
    MigrationException e = assertThrows(MigrationException.class, () -> migrator().rollback(false));
    assertEquals(ErrorCode.MIGRATION_FAILED, e.code());
    assertTrue(e.getMessage().contains("failed (down)"), e.getMessage());
    assertEquals(1, historyRows());
    assertTrue(tableExists("a"));
  }

  @Test
  void status_reports_every_state_without_creating_anything() throws SQLException {
    code.table("20260101000001_A", "a");
    StatusResult fresh = migrator().status();
    assertEquals(MigrationState.PENDING, fresh.migrations().get(0).state());
    assertFalse(tableExists("dbmigrate_migrations"), "status must not create the history table");

    code.table("20260101000002_B", "b").table("20260101000003_C", "c");
    migrator().latest();
    code.add("20260101000002_B", d -> {}, d -> {}, true, "edited")
        .remove("20260101000003_C")
        .table("20260101000004_D", "d")
        .table("20260101000000_Late", "late");
    StatusResult status = migrator().status();
    assertEquals(
        List.of(
            MigrationState.PENDING,
            MigrationState.APPLIED,
            MigrationState.CHANGED,
            MigrationState.MISSING,
            MigrationState.PENDING),
        status.migrations().stream().map(MigrationStatus::state).toList());
    assertTrue(status.migrations().get(0).outOfOrder());
    assertFalse(status.migrations().get(4).outOfOrder());
    assertFalse(status.upToDate());
  }

  @Test
  void history_table_name_and_schema_are_configurable() throws SQLException {
    db.execute("drop schema if exists ops cascade");
    code.table("20260101000001_A", "a");
    new Migrator(
            db.dataSource(),
            code,
            MigratorConfig.defaults().withHistoryTable("ops", "schema_history"),
            MigrationListener.NONE)
        .latest();
    assertEquals(1L, db.scalar("select count(*) from ops.schema_history"));
    assertFalse(tableExists("dbmigrate_migrations"));
  }

  @Test
  void a_migration_that_cannot_be_loaded_stops_the_batch_before_anything_runs()
      throws SQLException {
    code.table("20260101000001_A", "a");
    MigrationName broken = MigrationName.ofClassName("M20260101000002_Broken");
    MigrationSource withBroken =
        () -> {
          List<AvailableMigration> all = new java.util.ArrayList<>(code.migrations());
          all.add(
              new AvailableMigration(
                  broken,
                  "x",
                  "test",
                  () -> {
                    throw new MigrationException(
                        ErrorCode.INVALID_MIGRATIONS,
                        broken.toString(),
                        "migration " + broken + ": class could not be loaded",
                        null);
                  }));
          return all;
        };
    MigrationException e =
        assertThrows(
            MigrationException.class,
            () ->
                new Migrator(
                        db.dataSource(),
                        withBroken,
                        MigratorConfig.defaults(),
                        MigrationListener.NONE)
                    .latest());
    assertEquals(ErrorCode.INVALID_MIGRATIONS, e.code());
    assertFalse(tableExists("a"), "the loadable migration before it must not run either");
    assertEquals(0, historyRows());
  }

  @Test
  void a_code_error_wins_over_an_unreachable_database() {
    code.table("20260101000001_A", "a").table("20260101000001_B", "b");
    javax.sql.DataSource nowhere =
        new dev.dbmigrate.testing.SimpleDataSource("jdbc:postgresql://127.0.0.1:1/none", "x", null);
    MigrationException e =
        assertThrows(
            MigrationException.class,
            () ->
                new Migrator(nowhere, code, MigratorConfig.defaults(), MigrationListener.NONE)
                    .latest());
    assertEquals(ErrorCode.INVALID_MIGRATIONS, e.code());
  }

  @Test
  void the_connection_opened_while_the_code_failed_is_closed() throws Exception {
    code.table("20260101000001_A", "a").table("20260101000001_B", "b");
    String others =
        "select count(*) from pg_stat_activity where datname = current_database()"
            + " and pid <> pg_backend_pid()";
    long before = (Long) db.scalar(others);
    for (int i = 0; i < 5; i++) {
      assertThrows(MigrationException.class, () -> migrator().status());
    }
    long deadline = System.nanoTime() + 5_000_000_000L;
    // Judged on the last count read: a further look could see the backend of this loop's own
    // previous connection, which PostgreSQL may still be ending.
    long now;
    while ((now = (Long) db.scalar(others)) > before && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    // Fewer than before is fine: "before" may have counted an earlier test's backend that was
    // still ending.
    long left = now;
    assertTrue(left <= before, () -> "connections left open: " + left + ", before " + before);
  }
}
