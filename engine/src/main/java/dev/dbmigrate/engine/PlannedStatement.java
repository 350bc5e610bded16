package dev.dbmigrate.engine;

/**
 * One statement a run would send, as SQL text with its values written in.
 *
 * @param kind what the statement is for
 * @param sql the statement, without a trailing semicolon unless the migration wrote one
 */
public record PlannedStatement(Kind kind, String sql) {

  public enum Kind {
    /** BEGIN or COMMIT around a transactional migration. */
    TRANSACTION,
    /** Setting or resetting lock_timeout and statement_timeout. */
    TIMEOUT,
    /** A statement of the migration's own up or down. */
    MIGRATION,
    /** Recording the migration in the history table, or forgetting it. */
    HISTORY
  }
}
