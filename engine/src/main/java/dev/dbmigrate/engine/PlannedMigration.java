package dev.dbmigrate.engine;

import java.util.List;

/**
 * A migration a dry run found would run, and everything it would send, in order.
 *
 * @param name its identity
 * @param direction up for latest and up, down for rollback and down
 * @param origin where it was found (file path or class name)
 * @param transactional false when it runs outside a transaction
 * @param readsData it ran a query or a statement returning rows; the dry run answered each with no
 *     rows, so on a real database it may send other statements than these
 * @param stoppedBy why its up or down threw in the dry run (usually because a query returned no
 *     rows), or null; the statements are then those sent before it stopped
 * @param statements transaction boundaries, timeouts, its own statements and the history row
 */
public record PlannedMigration(
    String name,
    Direction direction,
    String origin,
    boolean transactional,
    boolean readsData,
    String stoppedBy,
    List<PlannedStatement> statements) {

  /** The migration's own statements, without what the tool adds around them. */
  public List<String> migrationSql() {
    return statements.stream()
        .filter(s -> s.kind() == PlannedStatement.Kind.MIGRATION)
        .map(PlannedStatement::sql)
        .toList();
  }
}
