package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.PostgresDatabase;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code drift}: changes made by hand are named; an undrifted database has none. */
class DriftTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  private final TestMigrations code =
      new TestMigrations()
          .add(
              "20260501000001_Users",
              d ->
                  Sql.execute(
                      d,
                      "create table users (id bigint generated always as identity primary key,"
                          + " email text not null, status text not null default 'new');"
                          + " create unique index users_email on users (lower(email))"),
              d -> Sql.execute(d, "drop table users"))
          .add(
              "20260501000002_Pending",
              d -> Sql.execute(d, "create table later (id int)"),
              d -> Sql.execute(d, "drop table later"));

  private Migrator migrator() {
    return new Migrator(db.dataSource(), code, MigratorConfig.defaults(), MigrationListener.NONE);
  }

  @BeforeEach
  void migrated() throws Exception {
    db.execute("drop table if exists users, later, dbmigrate_migrations");
    migrator().up("Users");
  }

  @Test
  void an_undrifted_database_has_no_difference() {
    DriftResult result = migrator().drift(Scratch.fresh(db));
    assertFalse(result.drifted(), () -> result.diff().lines().toString());
    assertEquals(List.of("20260501000001_Users"), result.applied(), "pending ones are not run");
  }

  @Test
  void a_migration_merged_late_and_still_pending_is_not_run_and_stops_nothing() {
    code.add(
        "20260430000000_Early",
        d -> Sql.execute(d, "create table early (id int)"),
        d -> Sql.execute(d, "drop table early"));
    DriftResult result = migrator().drift(Scratch.fresh(db));
    assertFalse(result.drifted(), () -> result.diff().lines().toString());
    assertEquals(List.of("20260501000001_Users"), result.applied());
  }

  @Test
  void a_column_added_an_index_dropped_and_a_default_changed_by_hand_are_named() throws Exception {
    db.execute(
        "alter table users add column nickname varchar(40); drop index users_email;"
            + " alter table users alter column status set default 'active'");
    DriftResult result = migrator().drift(Scratch.fresh(db));
    assertTrue(result.drifted());
    assertEquals(
        List.of(
            "column users.nickname added outside migrations",
            "column users.status changed outside migrations to default 'active'::text,"
                + " migrations give default 'new'::text",
            "index users_email removed outside migrations"),
        result.diff().lines());
    assertEquals(
        0L, db.scalar("select count(*) from pg_database where datname like 'dbm_scratch_%'"));
  }
}
