package dev.dbmigrate.engine;

/** Where one migration stands when the code is compared with the history table. */
public enum MigrationState {
  /** Applied, and its code is unchanged. */
  APPLIED,
  /** In the code, not applied yet. */
  PENDING,
  /** Applied, but its code was changed afterwards (checksum differs). */
  CHANGED,
  /** Applied, but its code is gone. */
  MISSING,
  /** A non-transactional migration that failed half-way; needs a person. */
  FAILED,
  /**
   * A non-transactional migration that was started and never recorded as finished: still running,
   * or its run was killed. Commands that change the schema wait while its database session lives,
   * and otherwise stop until a person says whether it took effect.
   */
  RUNNING
}
