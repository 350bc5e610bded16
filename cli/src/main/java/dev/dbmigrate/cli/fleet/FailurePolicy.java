package dev.dbmigrate.cli.fleet;

/** What one failed target does to the rest of a fleet run. */
public enum FailurePolicy {
  /**
   * Start no further target; those already running finish, the others are skipped. The default: a
   * migration that fails on one tenant usually fails on the next for the same reason.
   */
  STOP,
  /** Run every target whatever happens to the others. */
  CONTINUE
}
