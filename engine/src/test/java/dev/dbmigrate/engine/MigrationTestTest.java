package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.engine.TestResult.Step;
import dev.dbmigrate.testing.PostgresDatabase;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code test} against a real PostgreSQL: each deliberately broken down is caught at its migration
 * and named in words; a correct history passes; the scratch database is gone afterwards.
 */
class MigrationTestTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  private static final String ORDERS =
      "create table orders (id bigint generated always as identity primary key,"
          + " total numeric(12,2) not null, created_at timestamptz not null default now())";

  private final TestMigrations code =
      new TestMigrations()
          .add(
              "20260401000001_Orders",
              db -> Sql.execute(db, ORDERS),
              db -> Sql.execute(db, "drop table orders"));

  private TestResult test(String from) {
    return new Migrator(db.dataSource(), code, MigratorConfig.defaults(), MigrationListener.NONE)
        .test(from, Scratch.fresh(db));
  }

  private TestResult.Failure failureOf(
      String name, TestMigrations.Step up, TestMigrations.Step down) {
    code.add(name, up, down);
    TestResult result = test(null);
    assertTrue(result.tested().contains("20260401000001_Orders"), () -> result.toString());
    assertFalse(result.tested().contains(name));
    TestResult.Failure f = result.failure();
    assertEquals(name, f.migration(), () -> "the broken migration is named: " + result);
    return f;
  }

  @AfterEach
  void noScratchDatabaseIsLeft() throws Exception {
    assertEquals(
        0L,
        db.scalar("select count(*) from pg_database where datname like 'dbm_scratch_%'"),
        "every scratch database is dropped");
  }

  @Test
  void a_correct_history_passes_every_migration() {
    code.add(
        "20260401000002_Index",
        db -> Sql.execute(db, "create index orders_created on orders (created_at) where total > 0"),
        db -> Sql.execute(db, "drop index orders_created"));
    TestResult result = test(null);
    assertNull(result.failure(), () -> "passes: " + result.failure());
    assertEquals(List.of("20260401000001_Orders", "20260401000002_Index"), result.tested());
    assertTrue(result.scratchDatabase().startsWith("dbm_scratch_"));
  }

  @Test
  void a_history_in_a_tenant_schema_is_not_taken_for_the_first_migrations_change() {
    // The scratch database has no tenant schema until the history is written there; the first
    // migration's down must not be blamed for leaving it behind.
    TestResult result =
        new Migrator(
                db.dataSource(),
                code,
                MigratorConfig.defaults().withHistoryTable("acme", "dbmigrate_migrations"),
                MigrationListener.NONE)
            .test(null, Scratch.fresh(db));
    assertNull(result.failure(), () -> "passes: " + result.failure());
    assertEquals(List.of("20260401000001_Orders"), result.tested());
  }

  @Test
  void a_forgotten_index_is_named_as_not_dropped() {
    TestResult.Failure f =
        failureOf(
            "20260401000002_Index",
            db -> Sql.execute(db, "create unique index users_email on orders (lower(total::text))"),
            db -> {});
    assertEquals(Step.RESTORE, f.step());
    assertEquals(List.of("index users_email not dropped by down"), f.diff().lines());
  }

  @Test
  void a_column_restored_with_another_type_names_both_types() {
    TestResult.Failure f =
        failureOf(
            "20260401000002_Wider",
            db -> Sql.execute(db, "alter table orders alter column total type numeric(14,2)"),
            db -> Sql.execute(db, "alter table orders alter column total type numeric(10,2)"));
    assertEquals(Step.RESTORE, f.step());
    assertEquals(
        List.of("column orders.total restored as numeric(10,2), was numeric(12,2)"),
        f.diff().lines());
  }

  @Test
  void a_lost_default_is_named() {
    TestResult.Failure f =
        failureOf(
            "20260401000002_Clock",
            db ->
                Sql.execute(
                    db, "alter table orders alter column created_at set default clock_timestamp()"),
            db -> Sql.execute(db, "alter table orders alter column created_at drop default"));
    assertEquals(
        List.of("column orders.created_at restored with no default, was default now()"),
        f.diff().lines());
  }

  @Test
  void an_enum_value_left_behind_is_named() {
    code.add(
        "20260401000002_Mood",
        db -> Sql.execute(db, "create type mood as enum ('sad', 'ok')"),
        db -> Sql.execute(db, "drop type mood"));
    TestResult.Failure f =
        failureOf(
            "20260401000003_Happy",
            db -> Sql.execute(db, "alter type mood add value 'happy'"),
            db -> {});
    assertEquals(List.of("enum type mood value 'happy' not dropped by down"), f.diff().lines());
  }

  @Test
  void a_function_not_dropped_is_named_with_its_arguments() {
    TestResult.Failure f =
        failureOf(
            "20260401000002_Function",
            db ->
                Sql.execute(
                    db,
                    "create function order_total(p_id bigint) returns numeric language plpgsql as $$"
                        + " begin return (select total from orders where id = p_id); end $$"),
            db -> {});
    assertEquals(
        List.of("function order_total(p_id bigint) not dropped by down"), f.diff().lines());
  }

  @Test
  void a_down_that_fails_is_reported_with_its_error() {
    TestResult.Failure f =
        failureOf(
            "20260401000002_Note",
            db -> Sql.execute(db, "alter table orders add column note text"),
            db -> Sql.execute(db, "alter table orders drop column remark"));
    assertEquals(Step.DOWN, f.step());
    assertTrue(f.message().contains("remark"), f.message());
    assertTrue(f.diff().isEmpty());
  }

  @Test
  void an_up_that_fails_is_reported_as_the_up() {
    TestResult.Failure f =
        failureOf(
            "20260401000002_Broken",
            db ->
                Sql.execute(db, "alter table orders add column x int;\nalter table nope add y int"),
            db -> {});
    assertEquals(Step.UP, f.step());
    assertTrue(f.message().contains("nope"), f.message());
  }

  @Test
  void from_tests_only_the_migrations_after_the_named_one() {
    code.add(
        "20260401000002_Index",
        db -> Sql.execute(db, "create index orders_total on orders (total)"),
        db -> {});
    code.add(
        "20260401000003_Note",
        db -> Sql.execute(db, "alter table orders add column note text"),
        db -> Sql.execute(db, "alter table orders drop column note"));
    TestResult result = test("Index");
    assertEquals("20260401000002_Index", result.from());
    assertEquals(List.of("20260401000003_Note"), result.tested());
    assertNull(result.failure());
  }

  @Test
  void from_an_unknown_migration_is_refused_naming_it() {
    MigrationException e = assertThrows(MigrationException.class, () -> test("Nope"));
    assertEquals(ErrorCode.NOT_FOUND, e.code());
    assertTrue(e.getMessage().contains("'Nope'"), e.getMessage());
  }

  @Test
  void a_given_scratch_database_that_is_not_empty_is_refused() throws Exception {
    db.execute("create table leftover (id int)");
    MigrationException e =
        assertThrows(
            MigrationException.class,
            () ->
                new Migrator(
                        db.dataSource(), code, MigratorConfig.defaults(), MigrationListener.NONE)
                    .test(null, new CheckSettings(Scratch.serverOf(db), db.name(), false)));
    db.execute("drop table leftover");
    assertEquals(ErrorCode.CONFIGURATION, e.code(), e.getMessage());
    assertTrue(e.getMessage().contains("table leftover"), e.getMessage());
  }
}
