package dev.dbmigrate.engine.lint;

import java.util.List;

/**
 * One migration the linter looked at.
 *
 * @param name its identity
 * @param origin where it was found: its source file relative to the migrations folder, or its class
 *     name
 * @param stoppedBy why its up threw when run without a database (usually a query that found no
 *     rows), or null; only the statements before that were checked
 * @param findings what it breaks, in statement order
 * @param statements how many statements of its up the rules looked at
 * @param unrecognised the statements the linter could not classify, so no rule could judge them
 */
public record LintedMigration(
    String name,
    String origin,
    String stoppedBy,
    List<Finding> findings,
    int statements,
    List<Unrecognised> unrecognised) {

  /** A statement the linter does not know, with the line of its SQL file (0 for Java code). */
  public record Unrecognised(String statement, int line) {}

  public LintedMigration(String name, String origin, String stoppedBy, List<Finding> findings) {
    this(name, origin, stoppedBy, findings, 0, List.of());
  }
}
