package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.PostgresDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transactional SQL migration on PostgreSQL sends its opening (timeouts, transaction id, run lock
 * check) in the round trip of its first statement and its history row and COMMIT in the round trip
 * of its last. What that must not change: a failure in either statement names its file and line and
 * leaves nothing applied, a run that lost its lock stops before the next migration, the execution
 * time is the migration's, and any applied-by text is recorded as given.
 */
class FramedSqlMigrationTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  @TempDir Path dir;

  @BeforeEach
  void emptySchema() throws SQLException {
    db.execute("drop schema public cascade; create schema public");
  }

  private Migrator migrator(String appliedBy) {
    return new Migrator(
        db.dataSource(),
        new SqlFileMigrationSource(List.of(dir)),
        MigratorConfig.defaults().withAppliedBy(appliedBy),
        MigrationListener.NONE);
  }

  private Migrator migrator() {
    return migrator("test@host");
  }

  private Path write(String name, String sql) throws Exception {
    return Files.writeString(dir.resolve(name), sql);
  }

  @Test
  void a_failing_first_statement_names_its_own_line_and_applies_nothing() throws Exception {
    write("20260401000000_Good.up.sql", "create table good (id int);\n");
    Path file =
        write(
            "20260401000001_Broken.up.sql",
            """
            -- the opening travels in front of this statement's text
            -- and the error position must still count from the statement
            CREATE TABLE broken (
              id int,
              price numeric(10, 2) DEFAULT 'free'
            );
            CREATE TABLE never (id int);
            """);

    MigrationException e = assertThrows(MigrationException.class, () -> migrator().latest());

    assertEquals(ErrorCode.MIGRATION_FAILED, e.code());
    assertTrue(e.getMessage().contains(file + ":5: ERROR: invalid input syntax"), e.getMessage());
    assertTrue(e.getMessage().contains("nothing of it is applied"), e.getMessage());
    assertNull(db.scalar("select to_regclass('public.broken')"));
    assertEquals(1L, db.scalar("select count(*) from dbmigrate_migrations"));
  }

  @Test
  void a_failing_last_statement_names_its_own_line_and_records_nothing() throws Exception {
    Path file =
        write(
            "20260401000000_Broken.up.sql",
            """
            create table parent (id int primary key);
            create table child (
              id int,
              -- the history row and COMMIT travel after this statement's text
              price numeric(10, 2) default 'free'
            ) -- a line comment right before the semicolon
            ;
            """);

    MigrationException e = assertThrows(MigrationException.class, () -> migrator().latest());

    assertTrue(e.getMessage().contains(file + ":5: ERROR: invalid input syntax"), e.getMessage());
    assertNull(db.scalar("select to_regclass('public.parent')"));
    assertEquals(0L, db.scalar("select count(*) from dbmigrate_migrations"));
  }

  @Test
  void a_one_statement_migration_that_fails_records_nothing_and_the_next_run_applies_it()
      throws Exception {
    Path file = write("20260401000000_One.up.sql", "create table one (id int, x int check (x >)");

    MigrationException e = assertThrows(MigrationException.class, () -> migrator().latest());

    assertTrue(e.getMessage().contains(file + ":1: ERROR: syntax error"), e.getMessage());
    assertEquals(0L, db.scalar("select count(*) from dbmigrate_migrations"));
    write("20260401000000_One.up.sql", "create table one (id int, x int check (x > 0))");
    assertEquals(1, migrator().latest().executed().size());
    assertEquals("applied", db.scalar("select status from dbmigrate_migrations"));
  }

  @Test
  void the_recorded_execution_time_is_the_migrations_own() throws Exception {
    write("20260401000000_Slow.up.sql", "select pg_sleep(0.3);\n");

    migrator().latest();

    long ms = ((Number) db.scalar("select execution_ms from dbmigrate_migrations")).longValue();
    assertTrue(ms >= 300 && ms < 5_000, "execution_ms " + ms);
  }

  @Test
  void applied_by_with_quotes_and_backslashes_is_recorded_as_given() throws Exception {
    write("20260401000000_A.up.sql", "create table a (id int);\n");
    String who = "CORP\\o'brien@build-host\\1";

    migrator(who).latest();

    assertEquals(who, db.scalar("select applied_by from dbmigrate_migrations"));
    // A down runs framed too, and deletes exactly that row.
    write("20260401000000_A.down.sql", "drop table a;\n");
    migrator(who).rollback(false);
    assertEquals(0L, db.scalar("select count(*) from dbmigrate_migrations"));
    assertNull(db.scalar("select to_regclass('public.a')"));
  }

  @Test
  void losing_the_run_lock_stops_the_run_before_the_next_sql_migration() throws Exception {
    // The run lock is the only advisory lock in this database: the first migration ends its
    // session and waits (up to 5 s) until it is gone.
    write(
        "20260401000000_A.up.sql",
        """
        create table a (id int);
        select pg_terminate_backend(pid, 5000) from pg_locks where locktype = 'advisory'
          and database = (select oid from pg_database where datname = current_database());
        """);
    write("20260401000001_B.up.sql", "create table b (id int);\n");

    MigrationException e = assertThrows(MigrationException.class, () -> migrator().latest());

    assertEquals(ErrorCode.CONNECTION_LOST, e.code());
    assertTrue(e.getMessage().contains("holds the migration lock"), e.getMessage());
    assertTrue(e.getMessage().contains("stopped before 20260401000001_B"), e.getMessage());
    assertNull(db.scalar("select to_regclass('public.b')"));
    assertEquals(1L, db.scalar("select count(*) from dbmigrate_migrations"));
    assertEquals(1, migrator().latest().executed().size(), "the next run applies the rest");
  }
}
