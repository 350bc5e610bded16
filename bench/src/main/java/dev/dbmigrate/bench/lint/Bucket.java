package dev.dbmigrate.bench.lint;

import java.util.List;
import java.util.Set;

/**
 * A rule both linters have: dbmigrate's rule ids on one side, Squawk's rule names on the other. A
 * bucket may join several rules where the two tools cut one concern differently (Squawk's
 * constraint-missing-not-valid covers foreign keys, checks and a VALIDATE in the same transaction,
 * which are PG004, PG005 and PG039 here).
 */
record Bucket(String name, Set<String> ours, Set<String> squawk) {

  /**
   * Every shared rule. Squawk's require-lock-timeout, require-statement-timeout and
   * require-timeout-settings are left out on purpose: dbmigrate sets lock_timeout and
   * statement_timeout on every migration itself, so they would fire on every file; PG011 and PG012
   * are the checks that matter with dbmigrate. So are Squawk's opt-in rules (require-table-schema,
   * PG032 here), which both tools leave off by default.
   */
  static final List<Bucket> ALL =
      List.of(
          of("index without CONCURRENTLY", "PG001", "require-concurrent-index-creation"),
          of("drop index without CONCURRENTLY", "PG002", "require-concurrent-index-deletion"),
          of(
              "CONCURRENTLY in a transaction",
              "PG003",
              "ban-concurrent-index-creation-in-transaction"),
          new Bucket(
              "constraint without NOT VALID",
              Set.of("PG004", "PG005", "PG039"),
              Set.of("adding-foreign-key-constraint", "constraint-missing-not-valid")),
          of("SET NOT NULL", "PG006", "adding-not-nullable-field"),
          new Bucket(
              "column added with a rewriting default",
              Set.of("PG007", "PG035"),
              Set.of("adding-field-with-default")),
          of("column type changed", "PG008", "changing-column-type"),
          new Bucket("rename", Set.of("PG009"), Set.of("renaming-column", "renaming-table")),
          new Bucket("drop", Set.of("PG010"), Set.of("ban-drop-column", "ban-drop-table")),
          of("timestamp without time zone", "PG015", "prefer-timestamp-tz"),
          of("serial instead of identity", "PG016", "prefer-identity"),
          new Bucket(
              "32-bit integer",
              Set.of("PG017"),
              Set.of("prefer-bigint-over-int", "prefer-bigint-over-smallint")),
          new Bucket(
              "unique or primary key built under a lock",
              Set.of("PG018"),
              Set.of("disallowed-unique-constraint", "adding-serial-primary-key-field")),
          of("required column added", "PG020", "adding-required-field"),
          of("char column", "PG021", "ban-char-field"),
          of("varchar(n) instead of text", "PG022", "prefer-text-field"),
          of("duplicate column assignment", "PG023", "ban-duplicate-column-assignments"),
          of("TRUNCATE CASCADE", "PG024", "ban-truncate-cascade"),
          of("DROP NOT NULL", "PG025", "ban-drop-not-null"),
          of("domain with a constraint", "PG026", "ban-create-domain-with-constraint"),
          of("ALTER DOMAIN ADD CONSTRAINT", "PG027", "ban-alter-domain-with-add-constraint"),
          of("REINDEX without CONCURRENTLY", "PG028", "require-concurrent-reindex"),
          of(
              "DETACH PARTITION without CONCURRENTLY",
              "PG029",
              "require-concurrent-partition-detach"),
          of("enum value order", "PG030", "require-enum-value-ordering"),
          of("identifier over 63 bytes", "PG031", "identifier-too-long"),
          new Bucket(
              "transaction control in a migration",
              Set.of("PG033"),
              Set.of("transaction-nesting", "ban-uncommitted-transaction")),
          of("statement not robust to a rerun", "PG034", "prefer-robust-stmts"),
          of("DROP DATABASE", "PG038", "ban-drop-database"));

  private static Bucket of(String name, String ours, String squawk) {
    return new Bucket(name, Set.of(ours), Set.of(squawk));
  }

  boolean firedByUs(Set<String> ourRules) {
    return ourRules.stream().anyMatch(ours::contains);
  }

  boolean firedBySquawk(Set<String> squawkRules) {
    return squawkRules.stream().anyMatch(squawk::contains);
  }
}
