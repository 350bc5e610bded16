package dev.dbmigrate.engine.spi;

/**
 * What a database error means to the engine. Each engine reports these with its own codes
 * (PostgreSQL's SQLSTATEs, MySQL's error numbers); the adapter maps them, the engine decides.
 */
public enum FailureKind {
  /** The statement gave up waiting for a lock within the lock timeout. Safe to retry whole. */
  LOCK_TIMEOUT,
  /** The statement ran longer than the statement limit and was cancelled. */
  STATEMENT_TIMEOUT,
  /** The connection is gone (network, server shut down, session killed). */
  CONNECTION_LOST,
  /** Anything else: the statement itself is wrong, a constraint failed, and so on. */
  OTHER
}
