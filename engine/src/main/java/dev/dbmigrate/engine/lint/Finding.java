package dev.dbmigrate.engine.lint;

/**
 * One statement of one migration that breaks a rule.
 *
 * @param rule the rule's id, e.g. PG001
 * @param severity the rule's severity
 * @param title the rule's title
 * @param migration the migration's name
 * @param statement the statement as the migration sends it
 * @param message why it is dangerous
 * @param safePattern how to make the change safely
 * @param suppressedReason the reason given in the migration's {@code @AllowUnsafe} for this rule,
 *     or null when the finding is not silenced
 * @param line the line of the statement in the migration's SQL file, counted from 1; 0 when the
 *     statement comes from Java code, whose location is the migration's {@code up} method
 */
public record Finding(
    String rule,
    Severity severity,
    String title,
    String migration,
    String statement,
    String message,
    String safePattern,
    String suppressedReason,
    int line) {

  /** A finding without a line of its own (a Java migration's). */
  public Finding(
      String rule,
      Severity severity,
      String title,
      String migration,
      String statement,
      String message,
      String safePattern,
      String suppressedReason) {
    this(rule, severity, title, migration, statement, message, safePattern, suppressedReason, 0);
  }

  public boolean suppressed() {
    return suppressedReason != null;
  }

  /** An error that is not silenced: it fails {@code lint} and {@code latest --lint}. */
  public boolean blocking() {
    return severity == Severity.ERROR && !suppressed();
  }
}
