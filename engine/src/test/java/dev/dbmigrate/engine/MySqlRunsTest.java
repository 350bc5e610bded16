package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.MariaDbDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What MySQL's implicit DDL commits change in a run, on the local MariaDB. */
class MySqlRunsTest {

  @RegisterExtension static final MariaDbDatabase db = new MariaDbDatabase();

  private final List<String> events = new CopyOnWriteArrayList<>();
  private final MigrationListener recorder =
      new MigrationListener() {
        @Override
        public void retrying(String migration, int attempt, Duration delay, String reason) {
          events.add("retry " + attempt + ": " + reason);
        }
      };
  private TestMigrations code;

  @BeforeEach
  void empty() throws SQLException {
    db.clear();
    code = new TestMigrations();
    events.clear();
  }

  private Migrator migrator(MigratorConfig config) {
    return new Migrator(db.dataSource(), code, config, recorder);
  }

  private static MigratorConfig oneSecondLocks(int retries) {
    return MigratorConfig.defaults()
        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(30))
        .withRetries(retries, Duration.ofMillis(500));
  }

  @Test
  void a_first_statement_that_times_out_on_a_lock_is_retried_and_then_applies() throws Exception {
    db.execute("create table busy (id int primary key)");
    db.execute("insert into busy values (1)");
    code.add("20260101000001_AlterBusy", d -> d.execute("alter table busy add note text"), d -> {});
    Connection holder = db.connect();
    holder.setAutoCommit(false);
    holder.createStatement().execute("update busy set id = 1 where id = 1");
    CompletableFuture<Void> release =
        CompletableFuture.runAsync(
            () -> {
              try {
                // Released once the first attempt has timed out, however slow this machine is.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (events.isEmpty() && System.nanoTime() < deadline) {
                  Thread.sleep(20);
                }
                holder.rollback();
                holder.close();
              } catch (Exception ignored) {
                // The assertions below tell whether the release happened.
              }
            });
    RunResult result = migrator(oneSecondLocks(6)).latest();
    release.get(10, TimeUnit.SECONDS);
    assertEquals(1, result.executed().size());
    assertFalse(events.isEmpty(), "it must have retried at least once");
    assertTrue(events.get(0).contains("connection id"), events.toString());
    assertEquals(
        "applied", db.scalar("select status from dbmigrate_migrations"), "recorded once, applied");
  }

  @Test
  void a_lock_timeout_after_ddl_committed_is_not_retried_and_says_what_may_be_applied()
      throws Exception {
    db.execute("create table busy (id int primary key)");
    db.execute("insert into busy values (1)");
    code.add(
        "20260101000001_Two",
        d -> {
          d.execute("create table fresh (id int)");
          d.execute("alter table busy add note text");
        },
        d -> {});
    try (Connection holder = db.connect()) {
      holder.setAutoCommit(false);
      holder.createStatement().execute("update busy set id = 1 where id = 1");
      MigrationException e =
          assertThrows(MigrationException.class, () -> migrator(oneSecondLocks(3)).latest());
      assertEquals(ErrorCode.MIGRATION_FAILED, e.code());
      assertTrue(e.getMessage().contains("commits each DDL statement at once"), e.getMessage());
      assertFalse(e.getMessage().contains("nothing of it"), e.getMessage());
      assertTrue(events.isEmpty(), "no retry: the first statement had committed");
      holder.rollback();
    }
    assertEquals(0L, ((Number) db.scalar("select count(*) from fresh")).longValue());
    assertEquals("failed", db.scalar("select status from dbmigrate_migrations"));
  }
}
