package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.PostgresDatabase;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Adoption and baseline through the engine's API, against a real PostgreSQL. */
class AdoptionTest {

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

  /** knex 3.x's tables on PostgreSQL, as its table-creator makes them. */
  private void knexTables() throws SQLException {
    db.execute(
        "create table \"knex_migrations\" (\"id\" serial primary key, \"name\" varchar(255),"
            + " \"batch\" integer, \"migration_time\" timestamptz);"
            + " create table \"knex_migrations_lock\" (\"index\" serial primary key,"
            + " \"is_locked\" integer); insert into \"knex_migrations_lock\" (\"is_locked\")"
            + " values (0)");
  }

  @Test
  void an_adopted_batch_is_reverted_by_its_dbmigrate_down_like_any_other() throws SQLException {
    knexTables();
    db.execute(
        "create table a (id int); create table b (id int); insert into knex_migrations (name,"
            + " batch, migration_time) values ('20210101000001_A.js', 1, now()),"
            + " ('20210101000002_B.ts', 2, now())");
    code.table("20210101000001_A", "a").table("20210101000002_B", "b");

    AdoptionResult adopted = migrator().adoptKnex(KnexAdoption.defaults(), false);
    assertEquals(2, adopted.rows().size());
    assertEquals("checksum-of-20210101000001_A", adopted.rows().get(0).checksum());

    RunResult back = migrator().rollback(false);
    assertEquals(
        List.of("20210101000002_B"),
        back.executed().stream().map(ExecutedMigration::name).toList());
    assertEquals(null, db.scalar("select to_regclass('public.b')"));
    assertEquals(2, db.scalar("select count(*)::int from knex_migrations"));
  }

  @Test
  void flyway_schema_creation_and_deleted_versions_do_not_count() throws SQLException {
    db.execute(
        "create table flyway_schema_history (installed_rank int not null primary key, version"
            + " varchar(50), description varchar(200) not null, type varchar(20) not null, script"
            + " varchar(1000) not null, checksum integer, installed_by varchar(100) not null,"
            + " installed_on timestamp not null default now(), execution_time integer not null,"
            + " success boolean not null)");
    db.execute(
        "insert into flyway_schema_history values"
            + " (0, null, '<< Flyway Schema Creation >>', 'SCHEMA', '\"app\"', null, 'o',"
            + " '2024-01-01 00:00:00', 0, true),"
            + " (1, '1', '<< Flyway Baseline >>', 'BASELINE', '<< Flyway Baseline >>', null, 'o',"
            + " '2024-01-02 00:00:00', 0, true),"
            + " (2, '2', 'add x', 'SQL', 'V2__add_x.sql', 1, 'o', '2024-01-03 00:00:00', 5, true),"
            + " (3, '3', 'add y', 'SQL', 'V3__add_y.sql', 2, 'o', '2024-01-04 00:00:00', 5, true),"
            + " (4, '3', 'add y', 'DELETE', 'V3__add_y.sql', 2, 'o', '2024-01-05 00:00:00', 0,"
            + " true)");

    AdoptionResult r =
        migrator().adoptFlyway(new OtherToolTable(null, OtherToolTable.FLYWAY_TABLE), true);

    assertTrue(r.rows().get(0).name().endsWith("_FlywayBaseline_V2"), r::toString);
    assertEquals(HistoryStatus.BASELINE, r.rows().get(0).status());
  }

  @Test
  void baseline_refuses_a_history_with_rows_and_leaves_it_as_it_was() throws SQLException {
    code.table("20260101000001_A", "a").table("20260101000002_B", "b");
    migrator().up(null);

    MigrationException e =
        assertThrows(MigrationException.class, () -> migrator().baseline("B", false));

    assertEquals(ErrorCode.HISTORY_EXISTS, e.code());
    assertEquals(1L, db.scalar("select count(*) from dbmigrate_migrations"));
  }

  @Test
  void a_refused_adoption_creates_no_history_table() throws SQLException {
    knexTables();
    db.execute("update knex_migrations_lock set is_locked = 1");

    MigrationException e =
        assertThrows(
            MigrationException.class, () -> migrator().adoptKnex(KnexAdoption.defaults(), false));

    assertEquals(ErrorCode.LOCKED, e.code());
    assertEquals(null, db.scalar("select to_regclass('public.dbmigrate_migrations')"));
  }
}
