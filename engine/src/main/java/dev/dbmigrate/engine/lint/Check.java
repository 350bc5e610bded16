package dev.dbmigrate.engine.lint;

/** A rule and the test that finds it in one statement. */
record Check(Rule rule, Test test) {

  /** Rules checked only when asked for, as Squawk's require-table-schema is. */
  static final java.util.Set<String> OPTIONAL = java.util.Set.of("PG032");

  interface Test {
    /** Whether {@code statement}, sent at this point of the migration, breaks the rule. */
    boolean breaks(Clause statement, MigrationScope scope);
  }

  static Check of(String id, Severity severity, String title, String why, String safe, Test test) {
    return new Check(new Rule(id, severity, title, why, safe, OPTIONAL.contains(id)), test);
  }
}
