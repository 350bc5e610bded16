package dev.dbmigrate.engine;

/**
 * Why an operation failed. Each code is a distinct, documented outcome; the CLI maps every code to
 * its own process exit code in one place, and the Lambda runtime reports it in its reply.
 */
public enum ErrorCode {
  /**
   * A migration's up or down failed; a transactional one was rolled back, a non-transactional one
   * (or one that ended its transaction itself) is recorded as failed.
   */
  MIGRATION_FAILED,
  /** Options, environment or config file are invalid or incomplete. */
  CONFIGURATION,
  /** The database could not be reached (host, port, network, unknown database, bad URL). */
  CONNECTION,
  /** The database refused the credentials. */
  AUTHENTICATION,
  /** Another run holds the migration lock past the wait timeout. */
  LOCKED,
  /** A migration kept waiting for a table lock past lock_timeout on every retry. */
  LOCK_TIMEOUT,
  /** A migration source does not compile. */
  COMPILATION,
  /**
   * The set of migrations is inconsistent: a bad name, a duplicate timestamp, a class that can't be
   * loaded, or an applied migration whose code is gone.
   */
  INVALID_MIGRATIONS,
  /** An applied migration's code was changed after it ran. */
  CHECKSUM_MISMATCH,
  /** A pending migration is older than the newest applied one. */
  OUT_OF_ORDER,
  /**
   * A non-transactional migration failed half-way earlier, or its run ended while it ran, and it
   * waits for a person.
   */
  NEEDS_ATTENTION,
  /** A named migration does not exist, or is not in the state the command needs. */
  NOT_FOUND,
  /** Migrations are pending and the caller asked to fail on that. */
  PENDING,
  /**
   * A connection was lost during the run: a transactional migration in progress recorded nothing;
   * the message says what was committed before, and what a non-transactional one left recorded.
   */
  CONNECTION_LOST,
  /**
   * A migration breaks a lock-safety lint rule, and the caller asked to refuse that (latest
   * --lint).
   */
  UNSAFE_MIGRATION,
  /**
   * {@code adopt} or {@code baseline} found a dbmigrate history already there; they only start one.
   */
  HISTORY_EXISTS,
  /**
   * {@code test}: a migration's up or down failed on the scratch database, or its down did not
   * bring back the schema from before its up, or its up run again built another schema.
   */
  TEST_FAILED,
  /** {@code drift}: the database's schema differs from what its applied migrations build. */
  DRIFT,
  /**
   * A list of targets (a fleet file, or the config file's environments chosen for a fleet) has a
   * bad entry; nothing ran on any target.
   */
  INVALID_TARGETS,
  /**
   * The remote migration function crashed, timed out or ran out of memory (not a migration error).
   */
  FUNCTION_ERROR,
  /** The remote migration function does not exist or was throttled; it did not run. */
  FUNCTION_UNAVAILABLE,
  /** The cloud API refused the caller's credentials or role. */
  ACCESS_DENIED,
  /** The cloud API could not be reached or did not answer in time. */
  SERVICE_UNREACHABLE,
  /**
   * The migration function's time was running out, so it canceled the running statement before the
   * function was stopped: the migration was rolled back (or, outside a transaction, recorded as
   * failed) and the lock released.
   */
  TIME_LIMIT,
  /**
   * {@code invoke --fleet}: more targets failed than the fleet's state machine tolerates, so its
   * execution failed (Step Functions' States.ExceedToleratedFailureThreshold).
   */
  FLEET_THRESHOLD,
  /** A bug or an unexpected condition. */
  INTERNAL
}
