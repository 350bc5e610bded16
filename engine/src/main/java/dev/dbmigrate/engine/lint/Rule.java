package dev.dbmigrate.engine.lint;

/**
 * A PostgreSQL lock-safety rule.
 *
 * @param id stable identifier, PG001 and up, used to silence it with {@code @AllowUnsafe}
 * @param severity whether breaking it fails the check
 * @param title what the rule finds, in a few words
 * @param why what goes wrong in production when the statement runs
 * @param safePattern how to make the same change without that
 * @param optional whether it is checked only when asked for ({@code lint --include PG032})
 */
public record Rule(
    String id, Severity severity, String title, String why, String safePattern, boolean optional) {

  public Rule(String id, Severity severity, String title, String why, String safePattern) {
    this(id, severity, title, why, safePattern, false);
  }
}
