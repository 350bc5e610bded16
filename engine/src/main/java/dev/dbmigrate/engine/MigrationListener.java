package dev.dbmigrate.engine;

import java.time.Duration;

/**
 * Progress of a run, for a person watching it. Every method has an empty default, so a caller
 * overrides only what it shows; {@link #NONE} shows nothing.
 */
public interface MigrationListener {

  MigrationListener NONE = new MigrationListener() {};

  /** The migration lock is held by someone else; the run waits up to {@code timeout}. */
  default void waitingForLock(LockHolder holder, Duration timeout) {}

  /**
   * A non-transactional migration is recorded as running and the database session {@code pid} that
   * runs it still exists (its run was killed, the server goes on); the run waits up to {@code
   * timeout} for that session to end.
   */
  default void waitingForRunningMigration(String migration, int pid, Duration timeout) {}

  /** A migration is about to run; {@code index} counts from 1 up to {@code total}. */
  default void starting(String migration, Direction direction, int index, int total) {}

  default void finished(String migration, Direction direction, Duration took) {}

  /** A migration failed; {@code error} is what the run then throws. */
  default void failed(String migration, Direction direction, MigrationException error) {}

  /** A migration hit lock_timeout and will run again after {@code delay}. */
  default void retrying(String migration, int attempt, Duration delay, String reason) {}

  /** A SQL statement about to be sent to the database (for statement-level logs). */
  default void statement(String migration, String sql) {}
}
