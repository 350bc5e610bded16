package dev.dbmigrate.engine;

import java.time.Instant;

/**
 * One row of the history table.
 *
 * @param status what the row says of the migration; see {@link HistoryStatus}
 */
public record AppliedMigration(
    String name,
    int batch,
    Instant appliedAt,
    long executionMillis,
    String appliedBy,
    String checksum,
    HistoryStatus status) {

  /** A non-transactional migration that failed half-way and waits for a person. */
  public boolean failed() {
    return status == HistoryStatus.FAILED;
  }
}
