package dev.dbmigrate.engine.spi;

import dev.dbmigrate.engine.AppliedMigration;
import dev.dbmigrate.engine.HistoryStatus;

/**
 * A change to the history table, for {@link DatabaseAdapter#write}. Every row the engine writes is
 * one of these, so an adapter is complete when it can describe each as a statement.
 */
public sealed interface HistoryWrite {

  /**
   * A migration's row as a run records it: name, batch, execution time ({@link
   * DbStatement#MEASURED} until known), applied-by, checksum, status; applied at the server's now.
   * With {@code inTransaction}, the statement also returns its transaction's id ({@link
   * DbStatement.Returns#TRANSACTION_ID}).
   */
  record Insert(AppliedMigration row, boolean inTransaction) implements HistoryWrite {}

  /**
   * A row taken over from another tool or recorded without running ({@code adopt}, {@code
   * baseline}): every value as given; a null {@code appliedAt} is the server's now.
   */
  record Recorded(AppliedMigration row) implements HistoryWrite {}

  /**
   * Deletes the row of a reverted migration. With {@code inTransaction}, returns the transaction's
   * id, or no row when there was no row to delete.
   */
  record Delete(String name, boolean inTransaction) implements HistoryWrite {}

  /**
   * Before a migration that does not run in a transaction of its own: inserts its row, or updates
   * the existing one before a down (keeping batch and time), as {@code running}, with the session
   * that sends the statement in {@code backend}, so a later run can tell whether the work goes on
   * ({@link DatabaseAdapter#sessionAlive}). Sent in autocommit: it is committed at once.
   */
  record MarkRunning(AppliedMigration row) implements HistoryWrite {}

  /** Ends a running row with {@code status} (applied or failed) and the execution time. */
  record Finish(String name, HistoryStatus status) implements HistoryWrite {}

  /** {@code repair}: records the current checksum of an edited migration. */
  record UpdateChecksum(String name, String checksum) implements HistoryWrite {}

  /** {@code repair --mark-applied}: a failed or running row becomes applied. */
  record MarkApplied(String name) implements HistoryWrite {}
}
