package dev.dbmigrate.engine.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.engine.AppliedMigration;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.HistoryStatus;
import dev.dbmigrate.engine.LockHolder;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DatabaseAdapter} must do, checked against a real server of its engine. An
 * adapter's test extends this class, registers a fresh database of its engine and returns it from
 * {@link #db()}; every test here then runs on that server. The tests talk to the adapter only
 * through the SPI, and send its statements the way the engine does, so an adapter that passes works
 * under the engine.
 */
public abstract class AdapterContract {

  /** The test class's fresh database, from a test-support fixture. */
  protected abstract TestDatabase db();

  /** A query that runs for {@code seconds} on this engine, to trip the statement limit. */
  protected abstract String sleepSql(int seconds);

  private DatabaseAdapter adapter;

  @BeforeEach
  void freshDatabase() throws SQLException {
    db().clear();
    try (Connection c = db().connect()) {
      adapter = Engines.adapter(c, "public", "dbm_history");
    }
  }

  private static void run(Connection c, DbStatement s) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(s.sql())) {
      for (int i = 0; i < s.params().size(); i++) {
        Object v = s.params().get(i);
        if (v == DbStatement.MEASURED) {
          ps.setLong(i + 1, 7);
        } else if (v == null) {
          ps.setNull(i + 1, Types.VARCHAR);
        } else {
          ps.setObject(i + 1, v);
        }
      }
      ps.execute();
    }
  }

  private void create(Connection c) throws SQLException {
    for (DbStatement s : adapter.prepareHistory(c)) {
      run(c, s);
    }
  }

  private static AppliedMigration row(String name, int batch) {
    return new AppliedMigration(
        name, batch, null, 0, "me@host", "abc123", HistoryStatus.APPLIED, null);
  }

  @Test
  public void an_absent_history_reads_as_empty_and_needs_creating() throws SQLException {
    try (Connection c = db().connect()) {
      assertEquals(List.of(), adapter.readHistory(c));
      assertFalse(adapter.prepareHistory(c).isEmpty());
      assertFalse(adapter.prepareHistory(null).isEmpty(), "offline: a database with nothing");
    }
  }

  @Test
  public void creating_the_history_makes_an_empty_table_that_needs_nothing_more()
      throws SQLException {
    try (Connection c = db().connect()) {
      create(c);
      assertEquals(List.of(), adapter.prepareHistory(c));
      assertEquals(List.of(), adapter.readHistory(c));
      create(c); // nothing left to do, so nothing fails
    }
  }

  @Test
  public void rows_are_written_read_back_in_batch_order_and_deleted() throws SQLException {
    try (Connection c = db().connect()) {
      create(c);
      run(c, adapter.write(new HistoryWrite.Insert(row("20260101000002_B", 2), false)));
      run(c, adapter.write(new HistoryWrite.Insert(row("20260101000001_A", 1), false)));
      Instant then = Instant.parse("2025-05-04T03:02:01.123Z");
      AppliedMigration adopted =
          new AppliedMigration(
              "20260101000000_Old", 1, then, 12, "knex", "sum", HistoryStatus.ADOPTED, null);
      run(c, adapter.write(new HistoryWrite.Recorded(adopted)));

      List<AppliedMigration> rows = adapter.readHistory(c);
      assertEquals(
          List.of("20260101000000_Old", "20260101000001_A", "20260101000002_B"),
          rows.stream().map(AppliedMigration::name).toList());
      AppliedMigration a = rows.get(1);
      assertEquals(1, a.batch());
      assertEquals(7, a.executionMillis());
      assertEquals("me@host", a.appliedBy());
      assertEquals("abc123", a.checksum());
      assertEquals(HistoryStatus.APPLIED, a.status());
      assertNotNull(a.appliedAt());
      assertTrue(
          Duration.between(a.appliedAt(), Instant.now()).abs().compareTo(Duration.ofMinutes(5)) < 0,
          "applied at the server's now: " + a.appliedAt());
      assertEquals(then.truncatedTo(ChronoUnit.MILLIS), rows.get(0).appliedAt());
      assertEquals(HistoryStatus.ADOPTED, rows.get(0).status());

      run(c, adapter.write(new HistoryWrite.UpdateChecksum("20260101000001_A", "def456")));
      run(c, adapter.write(new HistoryWrite.Delete("20260101000002_B", false)));
      rows = adapter.readHistory(c);
      assertEquals(2, rows.size());
      assertEquals("def456", rows.get(1).checksum());
    }
  }

  /** Sends {@code statements} as one text, as the engine sends a frame with a statement. */
  private static void sendTogether(Connection c, List<String> statements) throws SQLException {
    try (java.sql.Statement s = c.createStatement()) {
      s.setEscapeProcessing(false);
      s.execute(String.join(";", statements));
    }
  }

  @Test
  public void a_script_frame_commits_only_in_its_own_transaction_and_only_while_the_lock_is_held()
      throws SQLException {
    HistoryWrite insert = new HistoryWrite.Insert(row("20260101000001_A", 1), true);
    if (adapter.scriptFrame(Duration.ofSeconds(1), Duration.ofSeconds(1), 1, insert).isEmpty()) {
      return; // the engine sends a SQL migration's statements one by one
    }
    try (Connection control = db().connect();
        Connection c = db().connect();
        Connection other = db().connect()) {
      create(c);
      assertTrue(adapter.tryLock(control));
      long holder = adapter.sessionId(control);
      ScriptFrame frame =
          adapter
              .scriptFrame(Duration.ofSeconds(1), Duration.ofSeconds(1), holder, insert)
              .orElseThrow();
      c.setAutoCommit(false);
      List<String> all = new java.util.ArrayList<>(frame.opening());
      all.add("create table framed (id int)");
      all.addAll(frame.closing());
      sendTogether(c, all);
      assertEquals(1, adapter.readHistory(other).size(), "committed with its row");
      c.setAutoCommit(true);

      // The migration's statement ends the transaction: the closing commits nothing.
      c.setAutoCommit(false);
      ScriptFrame down =
          adapter
              .scriptFrame(
                  Duration.ofSeconds(1),
                  Duration.ofSeconds(1),
                  holder,
                  new HistoryWrite.Delete("20260101000001_A", true))
              .orElseThrow();
      sendTogether(c, down.opening());
      c.createStatement().execute("commit");
      SQLException ended = assertThrows(SQLException.class, () -> sendTogether(c, down.closing()));
      assertTrue(adapter.endedTransaction(ended), ended.toString());
      assertFalse(adapter.lockLost(ended), ended.toString());
      c.rollback();
      assertEquals(1, adapter.readHistory(other).size(), "neither deleted nor committed");

      // Without the lock, the opening fails before the statement after it runs.
      adapter.unlock(control);
      SQLException lost =
          assertThrows(
              SQLException.class,
              () -> sendTogether(c, List.of(down.opening().get(0), "drop table framed")));
      assertTrue(adapter.lockLost(lost), lost.toString());
      assertFalse(adapter.endedTransaction(lost), lost.toString());
      c.rollback();
      c.setAutoCommit(true);
      try (var rs = other.createStatement().executeQuery("select count(*) from framed")) {
        assertTrue(rs.next(), "the table the opening kept from being dropped is there");
      }
    }
  }

  @Test
  public void a_change_sent_with_its_commit_commits_only_in_the_transaction_it_names()
      throws SQLException {
    Optional<DbStatement> probe =
        adapter.writeAndCommit(new HistoryWrite.Insert(row("20260101000001_A", 1), true), 1);
    if (probe.isEmpty()) {
      return; // the engine sends the change and the commit one by one
    }
    try (Connection c = db().connect();
        Connection other = db().connect()) {
      create(c);
      c.setAutoCommit(false);
      long opened =
          transactionId(c, adapter.setTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), true));
      run(
          c,
          adapter
              .writeAndCommit(new HistoryWrite.Insert(row("20260101000001_A", 1), true), opened)
              .orElseThrow());
      // Committed: another session sees the row, and the transaction is over.
      assertEquals(1, adapter.readHistory(other).size());
      assertNotEquals(
          opened,
          transactionId(
              c, adapter.setTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), true)));
      SQLException e =
          assertThrows(
              SQLException.class,
              () ->
                  run(
                      c,
                      adapter
                          .writeAndCommit(new HistoryWrite.Delete("20260101000001_A", true), opened)
                          .orElseThrow()));
      assertTrue(adapter.endedTransaction(e), e.toString());
      assertFalse(adapter.endedTransaction(new SQLException("other", "22P02")));
      c.rollback();
      assertEquals(1, adapter.readHistory(other).size(), "neither deleted nor committed");
    }
  }

  @Test
  public void a_running_row_names_a_session_that_lives_as_long_as_its_connection()
      throws SQLException {
    AppliedMigration running;
    try (Connection c = db().connect();
        Connection worker = db().connect()) {
      create(c);
      run(worker, adapter.write(new HistoryWrite.MarkRunning(row("20260101000001_A", 1))));
      running = adapter.readHistory(c).get(0);
      assertEquals(HistoryStatus.RUNNING, running.status());
      assertNotNull(running.backend());
      assertEquals(adapter.sessionId(worker), running.backendPid());
      assertTrue(adapter.sessionAlive(c, running));

      run(worker, adapter.write(new HistoryWrite.Finish("20260101000001_A", HistoryStatus.FAILED)));
      assertEquals(HistoryStatus.FAILED, adapter.readHistory(c).get(0).status());
      run(c, adapter.write(new HistoryWrite.MarkApplied("20260101000001_A")));
      assertEquals(HistoryStatus.APPLIED, adapter.readHistory(c).get(0).status());
      // Before a down the row exists: it becomes running and keeps its batch.
      run(worker, adapter.write(new HistoryWrite.MarkRunning(row("20260101000001_A", 9))));
      AppliedMigration again = adapter.readHistory(c).get(0);
      assertEquals(HistoryStatus.RUNNING, again.status());
      assertEquals(1, again.batch());
    }
    try (Connection c = db().connect()) {
      assertTrue(waitUntil(() -> !adapter.sessionAlive(c, running)), "session gone with it");
    }
  }

  @Test
  // The holder's connection is closed inside the block, as a killed run's would end.
  @SuppressWarnings("try")
  public void a_second_lock_attempt_fails_while_the_first_holds_and_succeeds_after_it_dies()
      throws SQLException {
    try (Connection first = db().connect();
        Connection second = db().connect()) {
      assertTrue(adapter.tryLock(first));
      assertFalse(adapter.tryLock(second));
      Optional<LockHolder> holder = adapter.lockHolder(second);
      assertTrue(holder.isPresent(), "the holder is named");
      assertEquals(adapter.sessionId(first), holder.get().pid());
      first.close(); // as a killed run's connection ends
      assertTrue(waitUntil(() -> adapter.tryLock(second)), "taken once the holder is gone");
      adapter.unlock(second);
      try (Connection third = db().connect()) {
        assertTrue(adapter.tryLock(third), "released by unlock");
        assertEquals(adapter.sessionId(third), adapter.lockHolder(second).orElseThrow().pid());
      }
    }
  }

  @Test
  public void another_history_table_has_its_own_lock() throws SQLException {
    DatabaseAdapter other;
    try (Connection c = db().connect()) {
      other = Engines.adapter(c, "public", "other_history");
    }
    try (Connection first = db().connect();
        Connection second = db().connect()) {
      assertTrue(adapter.tryLock(first));
      assertTrue(other.tryLock(second));
    }
  }

  @Test
  public void the_lock_timeout_applies_and_its_failure_reads_as_a_lock_timeout() throws Exception {
    try (Connection setup = db().connect();
        Connection blocker = db().connect();
        Connection waiter = db().connect()) {
      setup.createStatement().execute("create table t (id int primary key)");
      setup.createStatement().execute("insert into t values (1)");
      blocker.setAutoCommit(false);
      blocker.createStatement().execute("update t set id = 1 where id = 1");
      run(waiter, adapter.setTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(30), false));
      long start = System.nanoTime();
      SQLException e =
          assertThrows(
              SQLException.class,
              () -> waiter.createStatement().execute("update t set id = 1 where id = 1"));
      long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertEquals(FailureKind.LOCK_TIMEOUT, adapter.classify(e), e.toString());
      assertTrue(waited >= 900 && waited < 10_000, "waited " + waited + " ms");
      blocker.rollback();
      run(waiter, adapter.resetTimeouts());
    }
  }

  @Test
  public void the_statement_limit_applies_and_its_failure_reads_as_a_statement_timeout()
      throws SQLException {
    try (Connection c = db().connect()) {
      run(c, adapter.setTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), false));
      SQLException e =
          assertThrows(SQLException.class, () -> c.createStatement().execute(sleepSql(5)));
      assertEquals(FailureKind.STATEMENT_TIMEOUT, adapter.classify(e), e.toString());
      run(c, adapter.resetTimeouts());
      c.createStatement().execute(sleepSql(2)); // no limit after the reset
    }
  }

  @Test
  public void transaction_local_timeouts_return_the_transactions_id() throws SQLException {
    if (!adapter.traits().transactionalDdl()) {
      return; // such engines run every migration in autocommit; nothing asks for the id
    }
    DbStatement set = adapter.setTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), true);
    assertEquals(DbStatement.Returns.TRANSACTION_ID, set.returns());
    try (Connection c = db().connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(set.sql())) {
        for (int i = 0; i < set.params().size(); i++) {
          ps.setObject(i + 1, set.params().get(i));
        }
        try (var rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertNotEquals(0, rs.getLong(rs.getMetaData().getColumnCount()));
        }
      }
      c.rollback();
    }
  }

  @Test
  // The holder's connection is closed inside the block, as a lost lock connection's would end.
  @SuppressWarnings("try")
  public void the_timeouts_that_check_the_lock_return_0_once_its_holder_is_gone() throws Exception {
    try (Connection holder = db().connect();
        Connection work = db().connect()) {
      Optional<DbStatement> probe =
          adapter.setTimeoutsHoldingLock(Duration.ofSeconds(1), Duration.ofSeconds(1), 0);
      if (probe.isEmpty()) {
        return; // the engine checks the lock's connection instead
      }
      assertTrue(adapter.traits().transactionalDdl(), "only asked for in a transaction");
      assertTrue(adapter.tryLock(holder));
      long pid = adapter.sessionId(holder);
      work.setAutoCommit(false);
      assertNotEquals(0, transactionId(work, checked(pid)), "held: the transaction's id");
      work.rollback();
      assertEquals(0, transactionId(work, checked(adapter.sessionId(work))), "another session");
      work.rollback();
      holder.close(); // as a lost lock connection ends
      assertTrue(
          waitUntil(
              () -> {
                long id = transactionId(work, checked(pid));
                work.rollback();
                return id == 0;
              }),
          "0 once the holder is gone");
    }
  }

  private DbStatement checked(long lockSession) {
    DbStatement s =
        adapter
            .setTimeoutsHoldingLock(Duration.ofSeconds(1), Duration.ofSeconds(1), lockSession)
            .orElseThrow();
    assertEquals(DbStatement.Returns.TRANSACTION_ID, s.returns());
    return s;
  }

  private static long transactionId(Connection c, DbStatement s) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(s.sql())) {
      for (int i = 0; i < s.params().size(); i++) {
        ps.setObject(i + 1, s.params().get(i));
      }
      try (var rs = ps.executeQuery()) {
        assertTrue(rs.next());
        return rs.getLong(rs.getMetaData().getColumnCount());
      }
    }
  }

  @Test
  public void a_lock_wait_is_described_naming_the_session_that_blocks_it() throws Exception {
    try (Connection setup = db().connect();
        Connection blocker = db().connect();
        Connection waiter = db().connect();
        Connection observer = db().connect()) {
      setup.createStatement().execute("create table t (id int primary key)");
      setup.createStatement().execute("insert into t values (1)");
      blocker.setAutoCommit(false);
      blocker.createStatement().execute("update t set id = 1 where id = 1");
      long blockerId = adapter.sessionId(blocker);
      long waiterId = adapter.sessionId(waiter);
      assertEquals(Optional.empty(), adapter.describeLockWait(observer, waiterId));
      run(waiter, adapter.setTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(30), false));
      CompletableFuture<Void> ddl =
          CompletableFuture.runAsync(
              () -> {
                try {
                  waiter.createStatement().execute("alter table t add column extra int");
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      String[] seen = {null};
      boolean described =
          waitUntil(
              () -> {
                seen[0] = adapter.describeLockWait(observer, waiterId).orElse(null);
                return seen[0] != null;
              });
      blocker.rollback();
      ddl.get(30, TimeUnit.SECONDS);
      assertTrue(described, "no lock wait seen");
      assertTrue(seen[0].contains(Long.toString(blockerId)), seen[0]);
    }
  }

  @Test
  public void identifiers_too_long_or_needing_quotes_are_refused() {
    for (String bad :
        List.of("a".repeat(65), "has\"quote", "has`tick", "x-y", "1abc", "", "a b", "a;drop")) {
      MigrationException e =
          assertThrows(MigrationException.class, () -> adapter.quote("history table", bad), bad);
      assertEquals(ErrorCode.CONFIGURATION, e.code());
      assertTrue(e.getMessage().contains("history table"), e.getMessage());
    }
    String quoted = adapter.quote("history table", "plain_name");
    assertTrue(quoted.contains("plain_name") && quoted.length() == "plain_name".length() + 2);
    assertThrows(
        MigrationException.class, () -> Engines.adapter(db().url(), "public", "a".repeat(65)));
  }

  /** Polls {@code condition} for up to ten seconds. */
  private static boolean waitUntil(Check condition) throws SQLException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (condition.holds()) {
        return true;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return condition.holds();
  }

  private interface Check {
    boolean holds() throws SQLException;
  }
}
