package dev.dbmigrate.engine.lint;

/**
 * How bad breaking a rule is. Errors fail {@code lint} and {@code latest --lint}; warnings do not.
 */
public enum Severity {
  ERROR,
  WARNING
}
