package dev.dbmigrate.engine;

import java.time.Instant;

/**
 * One row of the history table.
 *
 * @param status what the row says of the migration; see {@link HistoryStatus}
 * @param backend the database session that ran (or runs) a non-transactional migration, as the
 *     adapter identifies it (for PostgreSQL {@code <pid>:<backend start epoch>}); null for rows
 *     written in a migration's own transaction, and for rows of older versions
 */
public record AppliedMigration(
    String name,
    int batch,
    Instant appliedAt,
    long executionMillis,
    String appliedBy,
    String checksum,
    HistoryStatus status,
    String backend) {

  /** A row without a recorded backend. */
  public AppliedMigration(
      String name,
      int batch,
      Instant appliedAt,
      long executionMillis,
      String appliedBy,
      String checksum,
      HistoryStatus status) {
    this(name, batch, appliedAt, executionMillis, appliedBy, checksum, status, null);
  }

  /** This row with another status. */
  public AppliedMigration withStatus(HistoryStatus other) {
    return new AppliedMigration(
        name, batch, appliedAt, executionMillis, appliedBy, checksum, other, backend);
  }

  /** A non-transactional migration that failed half-way and waits for a person. */
  public boolean failed() {
    return status == HistoryStatus.FAILED;
  }

  /** A non-transactional migration that was started and never recorded as finished. */
  public boolean running() {
    return status == HistoryStatus.RUNNING;
  }

  /** The server process id part of {@link #backend}, or 0 when none is recorded. */
  public int backendPid() {
    if (backend == null) {
      return 0;
    }
    int colon = backend.indexOf(':');
    try {
      return Integer.parseInt(colon < 0 ? backend : backend.substring(0, colon));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
