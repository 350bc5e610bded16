package dev.dbmigrate.engine.internal;

import dev.dbmigrate.engine.AppliedMigration;
import dev.dbmigrate.engine.HistoryStatus;
import dev.dbmigrate.engine.LockHolder;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything the engine needs that differs between database engines: the history table, the run
 * lock and the session timeouts. Adapters hold no migration rules; those live in the commands, so a
 * new engine is a small class.
 */
public interface DatabaseAdapter {

  /** Creates the history table (and its schema) when absent. Called only under the run lock. */
  void createHistoryIfAbsent(Connection c) throws SQLException;

  /** Whether the history table exists. Reads only. */
  boolean historyExists(Connection c) throws SQLException;

  /** Whether the history table's schema exists. Reads only. */
  boolean schemaExists(Connection c) throws SQLException;

  /** Every history row ordered by batch then name; empty when the table does not exist yet. */
  List<AppliedMigration> readHistory(Connection c) throws SQLException;

  void insert(Connection c, AppliedMigration row) throws SQLException;

  /**
   * Inserts a row with every value as given, for rows taken over from another tool or recorded
   * without running ({@code adopt}, {@code baseline}); a null {@code appliedAt} is the server's
   * now.
   */
  void record(Connection c, AppliedMigration row) throws SQLException;

  /**
   * Inserts a transactional migration's row in its transaction and returns that transaction's id,
   * to compare with the one {@link #setTimeouts} returned when the transaction began.
   */
  long insertInTransaction(Connection c, AppliedMigration row) throws SQLException;

  /** As {@link #insertInTransaction}, deleting the row of a reverted migration; 0 if none. */
  long deleteInTransaction(Connection c, String name) throws SQLException;

  /**
   * Records, in a statement of its own that commits at once, that a non-transactional migration
   * starts (or starts to revert) on connection {@code c}, with enough to identify that session
   * later: a run that finds the row can tell whether the work is still going on.
   */
  void markRunning(Connection c, AppliedMigration row) throws SQLException;

  /** Ends a running row: applied after an up, failed after a failure. */
  void finishRunning(Connection c, String name, HistoryStatus status, long millis)
      throws SQLException;

  /** Whether the session a running row names ({@link AppliedMigration#backend}) still exists. */
  boolean backendAlive(Connection c, AppliedMigration running) throws SQLException;

  void delete(Connection c, String name) throws SQLException;

  void updateChecksum(Connection c, String name, String checksum) throws SQLException;

  void markApplied(Connection c, String name) throws SQLException;

  /**
   * Takes the run lock for the life of connection {@code c} without waiting. The lock is tied to
   * the session, so it disappears with the connection: a killed run leaves no stale lock.
   */
  boolean tryLock(Connection c) throws SQLException;

  void unlock(Connection c) throws SQLException;

  /** The session holding the run lock, if any. */
  Optional<LockHolder> lockHolder(Connection c) throws SQLException;

  /**
   * Sets lock and statement timeouts for the current transaction, or the session if not local.
   * Transaction-local, it returns the transaction's id (0 otherwise) in the same round trip.
   */
  long setTimeouts(Connection c, Duration lock, Duration statement, boolean transactionLocal)
      throws SQLException;

  void resetTimeouts(Connection c) throws SQLException;

  // The statements the methods above send, as SQL text with the values written in, for a dry run
  // that shows what a run would do without doing it. Each uses the same statement as its method.

  /** What {@link #createHistoryIfAbsent} sends where the history table is absent. */
  List<String> createHistorySql(boolean schemaExists);

  /** What {@link #insert} sends; the execution time, unknown before the run, is shown as 0. */
  String insertSql(AppliedMigration row);

  String deleteSql(String name);

  String insertInTransactionSql(AppliedMigration row);

  String deleteInTransactionSql(String name);

  String markRunningSql(AppliedMigration row);

  /** What {@link #finishRunning} sends; the execution time is shown as 0. */
  String finishRunningSql(String name, HistoryStatus status);

  String setTimeoutsSql(Duration lock, Duration statement, boolean transactionLocal);

  String resetTimeoutsSql();

  /** The server process id of connection {@code c}, to diagnose what it waits for. */
  int backendPid(Connection c) throws SQLException;

  /**
   * Asked on a second connection while {@code pid} runs a migration: what lock it waits for and who
   * holds it, in words, or empty when it waits for nothing.
   */
  Optional<String> describeLockWait(Connection observer, int pid) throws SQLException;
}
