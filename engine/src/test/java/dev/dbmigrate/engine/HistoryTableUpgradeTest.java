package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.PostgresDatabase;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A history table made by an earlier version gets the current status check and the backend column,
 * keeping its rows.
 */
class HistoryTableUpgradeTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  @BeforeEach
  void emptySchema() throws SQLException {
    db.execute("drop schema public cascade; create schema public");
  }

  private Migrator migrator(TestMigrations code) {
    return new Migrator(db.dataSource(), code, MigratorConfig.defaults(), MigrationListener.NONE);
  }

  private static final String BACKEND_COLUMN =
      "select data_type from information_schema.columns where table_name = 'dbmigrate_migrations'"
          + " and column_name = 'backend'";

  private String statusCheck() throws SQLException {
    return (String)
        db.scalar(
            "select string_agg(pg_get_constraintdef(oid), ' ') from pg_constraint"
                + " where conrelid = 'dbmigrate_migrations'::regclass and contype = 'c'");
  }

  @Test
  void a_table_with_the_old_two_status_check_accepts_every_status_after_the_next_run()
      throws SQLException {
    // Exactly what version 0.1 created.
    db.execute(
        "create table public.dbmigrate_migrations ( name text primary key, batch integer not null,"
            + " applied_at timestamptz not null default now(), execution_ms bigint not null,"
            + " applied_by text not null, checksum text not null,"
            + " status text not null default 'applied' check (status in ('applied', 'failed')));"
            + " insert into dbmigrate_migrations (name, batch, execution_ms, applied_by, checksum)"
            + " values ('20260101000001_A', 1, 3, 'old', 'checksum-of-20260101000001_A')");
    TestMigrations code = new TestMigrations().table("20260101000001_A", "a");
    code.table("20260101000002_B", "b");
    assertTrue(
        migrator(code).status().migrations().get(0).state() == MigrationState.APPLIED,
        "status reads a table without the backend column and changes nothing");
    assertEquals(null, db.scalar(BACKEND_COLUMN));

    RunResult result = migrator(code).latest();

    assertEquals("text", db.scalar(BACKEND_COLUMN), "the backend column is added in place");

    assertEquals(1, result.executed().size(), "only B was pending");
    for (HistoryStatus status : HistoryStatus.values()) {
      assertTrue(statusCheck().contains("'" + status.dbValue() + "'"), statusCheck());
    }
    assertEquals(
        1,
        db.scalar(
            "select count(*)::int from pg_constraint"
                + " where conrelid = 'dbmigrate_migrations'::regclass and contype = 'c'"));
    assertEquals(2L, db.scalar("select count(*) from dbmigrate_migrations"));
  }

  @Test
  void a_current_table_is_left_as_it_is() throws SQLException {
    TestMigrations code = new TestMigrations().table("20260101000001_A", "a");
    migrator(code).latest();
    String before = statusCheck();
    Object oid = db.scalar("select 'dbmigrate_migrations'::regclass::oid::bigint");
    migrator(code.table("20260101000002_B", "b")).latest();
    assertEquals(before, statusCheck());
    assertEquals(oid, db.scalar("select 'dbmigrate_migrations'::regclass::oid::bigint"));
  }
}
