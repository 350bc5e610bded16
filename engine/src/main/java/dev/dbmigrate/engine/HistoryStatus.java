package dev.dbmigrate.engine;

import java.util.Locale;

/**
 * The {@code status} column of a history row. Only {@link #FAILED} and {@link #RUNNING} stop a run;
 * the others count as applied.
 */
public enum HistoryStatus {
  /** Ran to the end and committed (with its row, for a transactional migration). */
  APPLIED,
  /** A non-transactional migration that failed half-way and waits for a person. */
  FAILED,
  /**
   * A non-transactional migration that was started and has not finished: recorded before its first
   * statement, so a run that finds it knows the work may be going on, or half done.
   */
  RUNNING,
  /** Taken over from another tool's history: applied there, not by dbmigrate. */
  ADOPTED,
  /** Recorded as applied without running, because the database already had its schema. */
  BASELINE;

  /** The value stored in the history table. */
  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status a stored value names; unknown values are refused, naming the value. */
  public static HistoryStatus ofDbValue(String value) {
    for (HistoryStatus s : values()) {
      if (s.dbValue().equals(value)) {
        return s;
      }
    }
    throw new MigrationException(
        ErrorCode.INVALID_MIGRATIONS,
        "the history table holds the status '"
            + value
            + "', which this version of dbmigrate does not know; upgrade dbmigrate");
  }
}
