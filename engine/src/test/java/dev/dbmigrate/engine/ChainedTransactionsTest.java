package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.PostgresDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * On PostgreSQL the round trip that commits one migration also begins the next one's transaction,
 * with its timeouts set and the run lock checked. The next migration must then behave exactly as if
 * it had opened its own: its limits in force, all of it or nothing of it committed, a lock timeout
 * retried in a fresh transaction, and a SQL migration's closing check satisfied.
 */
class ChainedTransactionsTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  @TempDir Path dir;

  private TestMigrations code;

  @BeforeEach
  void emptySchema() throws SQLException {
    db.execute("drop schema public cascade; create schema public");
    db.execute("create table seen (migration text, setting text, tx bigint)");
    code = new TestMigrations();
  }

  private Migrator migrator(MigrationSource source, Duration lockTimeout) {
    MigratorConfig config =
        MigratorConfig.defaults()
            .withTimeouts(Duration.ofSeconds(10), lockTimeout, Duration.ofSeconds(30))
            .withRetries(3, Duration.ofMillis(50));
    return new Migrator(db.dataSource(), source, config, MigrationListener.NONE);
  }

  /** A step that notes the lock timeout it runs under and the id of its transaction. */
  private static TestMigrations.Step note(String migration) {
    return d ->
        d.execute(
            "insert into seen select '"
                + migration
                + "', current_setting('lock_timeout'), txid_current()");
  }

  @Test
  void the_next_migration_runs_under_its_own_timeouts_in_a_transaction_of_its_own()
      throws Exception {
    code.add("20260501000000_A", note("a"), d -> {})
        .add("20260501000001_B", note("b"), d -> {})
        .add("20260501000002_C", note("c"), d -> {});

    migrator(code, Duration.ofMillis(4321)).latest();

    assertEquals(
        3L, db.scalar("select count(*) from seen where setting = '4321ms'"), "every one's limit");
    assertEquals(3L, db.scalar("select count(distinct tx) from seen"), "a transaction each");
    assertEquals(3L, db.scalar("select count(*) from dbmigrate_migrations"));
    // Each history row went into the transaction of the migration it records.
    assertEquals(
        3L,
        db.scalar(
            "select count(*) from dbmigrate_migrations m join seen s"
                + " on s.migration = lower(right(m.name, 1)) where m.xmin::text = s.tx::text"));
  }

  @Test
  void a_failing_next_migration_leaves_nothing_of_itself_and_keeps_the_one_before()
      throws Exception {
    code.add("20260501000000_A", note("a"), d -> {})
        .add(
            "20260501000001_B",
            d -> {
              d.execute("create table b_part (id int)");
              d.execute("select 1 / 0");
            },
            d -> {});

    MigrationException e =
        assertThrows(
            MigrationException.class, () -> migrator(code, Duration.ofSeconds(5)).latest());

    assertEquals(ErrorCode.MIGRATION_FAILED, e.code());
    assertTrue(e.getMessage().contains("nothing of it is applied"), e.getMessage());
    assertNull(db.scalar("select to_regclass('public.b_part')"));
    assertEquals(1L, db.scalar("select count(*) from dbmigrate_migrations"));
    assertEquals("20260501000000_A", db.scalar("select name from dbmigrate_migrations"));
  }

  @Test
  void a_lock_timeout_in_the_next_migration_is_retried_in_a_fresh_transaction() throws Exception {
    db.execute("create table busy (id int)");
    code.add("20260501000000_A", note("a"), d -> {})
        .add(
            "20260501000001_B",
            d -> {
              note("b").run(d);
              d.execute("alter table busy add column x int");
            },
            d -> {});
    try (Connection holder = db.dataSource().getConnection()) {
      holder.setAutoCommit(false);
      try (Statement s = holder.createStatement()) {
        s.execute("lock table busy in access exclusive mode");
      }
      CompletableFuture<Void> release =
          CompletableFuture.runAsync(
              () -> {
                try {
                  TimeUnit.MILLISECONDS.sleep(400);
                  holder.rollback();
                } catch (Exception ex) {
                  throw new IllegalStateException(ex);
                }
              });

      migrator(code, Duration.ofMillis(150)).latest();
      release.join();
    }

    assertEquals(2L, db.scalar("select count(*) from dbmigrate_migrations"));
    assertEquals(1L, db.scalar("select count(*) from seen where migration = 'b'"), "no retry left");
    assertEquals(
        1L, db.scalar("select count(*) from information_schema.columns where column_name = 'x'"));
  }

  @Test
  void a_sql_migration_after_a_java_one_checks_the_transaction_it_was_given() throws Exception {
    Files.writeString(
        dir.resolve("20260501000001_B.up.sql"),
        "insert into seen select 'b', current_setting('lock_timeout'), txid_current();\n");
    Files.writeString(
        dir.resolve("20260501000003_D.up.sql"),
        "insert into seen select 'd', current_setting('lock_timeout'), txid_current();\n");
    code.add("20260501000000_A", note("a"), d -> {}).add("20260501000002_C", note("c"), d -> {});
    MigrationSource both =
        MigrationSource.concat(List.of(code, new SqlFileMigrationSource(List.of(dir))));

    assertEquals(4, migrator(both, Duration.ofMillis(4321)).latest().executed().size());

    assertEquals(4L, db.scalar("select count(*) from seen where setting = '4321ms'"));
    assertEquals(4L, db.scalar("select count(distinct tx) from seen"));
    assertEquals(4L, db.scalar("select count(*) from dbmigrate_migrations"));
  }
}
