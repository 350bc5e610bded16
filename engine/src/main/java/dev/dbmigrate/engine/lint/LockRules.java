package dev.dbmigrate.engine.lint;

import static dev.dbmigrate.engine.lint.Severity.ERROR;
import static dev.dbmigrate.engine.lint.Severity.WARNING;

import java.util.List;
import java.util.regex.Pattern;

/** Rules about locks: statements that block other sessions, or wait for locks without limit. */
final class LockRules {

  private static final Pattern ZERO = Pattern.compile("0+(\\.0*)?\\s*(us|ms|s|min|h|d)?");

  private LockRules() {}

  static final List<Check> CHECKS =
      List.of(
          Check.of(
              "PG001",
              ERROR,
              "Index created without CONCURRENTLY on an existing table",
              "CREATE INDEX holds a SHARE lock on the table while it builds the index: every insert,"
                  + " update and delete waits until the build ends, minutes on a large table.",
              "CREATE INDEX CONCURRENTLY, one per migration, in a migration whose transactional()"
                  + " returns false; if it fails, drop the INVALID index it leaves and run again. An"
                  + " index on a table created earlier in the same migration needs nothing.",
              (s, scope) ->
                  Ddl.createIndex(s)
                      .filter(i -> !i.concurrently() && scope.existing(i.table()))
                      .isPresent()),
          Check.of(
              "PG002",
              WARNING,
              "Index dropped without CONCURRENTLY",
              "DROP INDEX takes an ACCESS EXCLUSIVE lock on the index's table: while it waits for that"
                  + " lock, every query on the table queues behind it.",
              "DROP INDEX CONCURRENTLY, in a migration whose transactional() returns false.",
              (s, scope) ->
                  Ddl.dropIndex(s)
                      .filter(
                          d ->
                              !d.concurrently()
                                  && d.indexes().stream().anyMatch(scope::existingIndex))
                      .isPresent()),
          Check.of(
              "PG003",
              ERROR,
              "CONCURRENTLY inside a transactional migration",
              "PostgreSQL refuses CREATE INDEX, DROP INDEX, REINDEX and DETACH PARTITION CONCURRENTLY"
                  + " inside a transaction block, so the migration fails.",
              "Override transactional() to return false, and give the concurrent statement a"
                  + " migration of its own.",
              (s, scope) ->
                  scope.transactional() && s.has("concurrently") && !s.startsWith("refresh")),
          Check.of(
              "PG004",
              ERROR,
              "Foreign key added without NOT VALID",
              "Adding a foreign key checks every existing row while it holds SHARE ROW EXCLUSIVE locks"
                  + " on both tables, so writes to both wait for the whole scan.",
              "ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID (instant), then ALTER TABLE ... VALIDATE"
                  + " CONSTRAINT in a later migration: validating lets reads and writes go on.",
              (s, scope) ->
                  scope.altersExisting(
                      s,
                      a ->
                          Ddl.addedConstraint(a)
                                  .filter(c -> c.isWord(0, "foreign") && !c.has("not", "valid"))
                                  .isPresent()
                              || Ddl.addedColumn(a)
                                  .filter(c -> c.constraints().has("references"))
                                  .isPresent())),
          Check.of(
              "PG005",
              ERROR,
              "Check constraint added without NOT VALID",
              "Adding a CHECK constraint scans every row under an ACCESS EXCLUSIVE lock: nobody can"
                  + " read or write the table until the scan ends.",
              "ADD CONSTRAINT ... CHECK (...) NOT VALID, then VALIDATE CONSTRAINT in a later migration.",
              (s, scope) ->
                  scope.altersExisting(
                      s,
                      a ->
                          Ddl.addedConstraint(a)
                                  .filter(c -> c.isWord(0, "check") && !c.has("not", "valid"))
                                  .isPresent()
                              || Ddl.addedColumn(a)
                                  .filter(c -> c.constraints().has("check"))
                                  .isPresent())),
          Check.of(
              "PG006",
              ERROR,
              "SET NOT NULL on an existing column",
              "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock to prove it holds no"
                  + " null, unless a validated CHECK (column IS NOT NULL) constraint proves it already.",
              "ADD CONSTRAINT c_not_null CHECK (column IS NOT NULL) NOT VALID; in a later migration"
                  + " VALIDATE CONSTRAINT c_not_null; then SET NOT NULL, which uses that constraint and"
                  + " skips the scan (PostgreSQL 12+; the linter sees it when the check was validated"
                  + " by an earlier migration of the same pending set, else silence this rule naming"
                  + " the constraint), and DROP CONSTRAINT c_not_null.",
              (s, scope) ->
                  scope.altersExisting(
                      s, (table, a) -> Ddl.setsNotNull(a) && !provenNotNull(scope, table, a))),
          Check.of(
              "PG007",
              ERROR,
              "Column added with a volatile default",
              "A volatile default ("
                  + Volatility.EXAMPLES
                  + ", a serial or identity column) is computed for every existing row, so"
                  + " PostgreSQL rewrites the table under an ACCESS EXCLUSIVE lock. Constant, immutable"
                  + " and stable defaults such as now(), current_timestamp or lower('x') are instant"
                  + " since PostgreSQL 11; before 11 every default rewrites.",
              "Add the column without a default, or with a constant one; give new rows the default"
                  + " with ALTER COLUMN ... SET DEFAULT; fill existing rows in batches in later"
                  + " migrations.",
              (s, scope) ->
                  scope.altersExisting(
                      s,
                      a ->
                          Ddl.addedColumn(a)
                              .filter(
                                  c ->
                                      c.isSerial()
                                          || c.isIdentity()
                                          || Volatility.callsVolatile(c.defaultExpression())
                                          || (scope.version() < 11
                                              && c.defaultExpression().size() > 0
                                              && !c.defaultExpression().isWord(0, "null")))
                              .isPresent())),
          Check.of(
              "PG008",
              WARNING,
              "Column type changed",
              "ALTER COLUMN ... TYPE rewrites the table and rebuilds its indexes under an ACCESS"
                  + " EXCLUSIVE lock, except for changes that keep every stored value as it is:"
                  + " varchar or text to text or to varchar without a limit, a longer varchar or"
                  + " varbit, more numeric precision at the same scale, more timestamp or time"
                  + " precision. A USING clause always rewrites. The linter knows the old type when"
                  + " an earlier statement or migration of the set defined the column; otherwise it"
                  + " takes only text or varchar without a limit as free.",
              "Change only to text or a longer varchar; otherwise add a column of the new type, fill"
                  + " it in batches, switch the application over, and drop the old column later.",
              (s, scope) ->
                  scope.altersExisting(
                      s,
                      (table, a) ->
                          Ddl.newType(a)
                              .filter(
                                  c ->
                                      !TypeChange.rewritesNothing(
                                          scope.schema().column(table, c.name()), c))
                              .isPresent())),
          Check.of(
              "PG009",
              WARNING,
              "Column, table, schema, type or enum value renamed",
              "Running application instances still use the old name: they fail from the moment the"
                  + " migration commits until every one is redeployed.",
              "Expand and contract: add the new column (or a view with the new name), write to both,"
                  + " move the reads, and drop the old one once no deployed version uses it.",
              (s, scope) ->
                  scope.altersExisting(s, Ddl::renames)
                      || (s.startsWith("alter", "type") && s.find(3, "rename") >= 0)
                      || (s.startsWith("alter", "schema") && s.find(3, "rename") >= 0)),
          Check.of(
              "PG010",
              WARNING,
              "Column or table dropped",
              "Running application instances that still read or write it fail as soon as it is gone,"
                  + " and rolling the migration back does not bring the data back.",
              "First deploy code that no longer uses it, then drop it in a later release; silence"
                  + " this rule with @AllowUnsafe saying which release stopped using it.",
              (s, scope) ->
                  scope.altersExisting(s, Ddl::dropsColumn)
                      || Ddl.droppedTables(s).stream().anyMatch(scope::existing)),
          Check.of(
              "PG011",
              ERROR,
              "Migration turns lock_timeout off",
              "With lock_timeout 0, or reset to the server default (usually 0), a statement waits for"
                  + " its lock forever, and every query on that table queues behind it: the"
                  + " application stalls until some long transaction ends.",
              "Leave lock_timeout to dbmigrate (--lock-timeout, 5 s by default, retried with"
                  + " backoff); if a statement needs longer, raise it, e.g. SET LOCAL lock_timeout ="
                  + " '30s', rather than turning it off.",
              (s, scope) -> turnsOffLockTimeout(s)),
          Check.of(
              "PG012",
              WARNING,
              "lock_timeout is off in the configuration",
              "The configured lock timeout is 0 and the migration sets none of its own before this"
                  + " statement, so it may wait for its locks forever, stalling the application behind"
                  + " any long transaction.",
              "Set lock-timeout (--lock-timeout, DBMIGRATE_LOCK_TIMEOUT or dbmigrate.properties) to a"
                  + " few seconds, and let lock-retries retry.",
              (s, scope) ->
                  scope.lockTimeoutOff() && !scope.lockedBefore() && MigrationScope.locks(s)),
          Check.of(
              "PG013",
              ERROR,
              "VACUUM FULL or CLUSTER",
              "VACUUM FULL and CLUSTER rewrite the whole table under an ACCESS EXCLUSIVE lock: nobody"
                  + " can read or write it until they finish.",
              "Plain VACUUM (it takes no exclusive lock), or pg_repack / pg_squeeze to compact a table"
                  + " online, outside migrations.",
              (s, scope) -> vacuumsFull(s) || s.startsWith("cluster")),
          Check.of(
              "PG018",
              ERROR,
              "Unique or primary key constraint built on an existing table",
              "ADD CONSTRAINT ... UNIQUE or PRIMARY KEY builds its index under an ACCESS EXCLUSIVE"
                  + " lock: nobody can read or write the table while it is built.",
              "CREATE UNIQUE INDEX CONCURRENTLY in a non-transactional migration, then ALTER TABLE ..."
                  + " ADD CONSTRAINT ... UNIQUE USING INDEX (or PRIMARY KEY USING INDEX), which is"
                  + " instant.",
              (s, scope) ->
                  scope.altersExisting(
                      s,
                      a ->
                          Ddl.addedConstraint(a)
                                  .filter(
                                      c ->
                                          (c.isWord(0, "unique") || c.isWord(0, "primary"))
                                              && !c.has("using", "index"))
                                  .isPresent()
                              || Ddl.addedColumn(a)
                                  .filter(
                                      c ->
                                          c.constraints().has("unique")
                                              || c.constraints().has("primary", "key"))
                                  .isPresent())),
          Check.of(
              "PG035",
              ERROR,
              "Stored generated column added to an existing table",
              "ADD COLUMN ... GENERATED ALWAYS AS (...) STORED computes the value for every existing"
                  + " row: PostgreSQL rewrites the table under an ACCESS EXCLUSIVE lock.",
              "Add a plain nullable column, fill new rows with a trigger (or from the application),"
                  + " backfill existing rows in batches in later migrations; or, on PostgreSQL 18+,"
                  + " a VIRTUAL generated column, which stores nothing.",
              (s, scope) ->
                  scope.altersExisting(
                      s,
                      a ->
                          Ddl.addedColumn(a)
                              .filter(
                                  c ->
                                      c.constraints().has("generated")
                                          && c.constraints().has("stored"))
                              .isPresent())),
          Check.of(
              "PG036",
              ERROR,
              "EXCLUDE constraint added to an existing table",
              "ADD CONSTRAINT ... EXCLUDE builds its index under an ACCESS EXCLUSIVE lock, and"
                  + " PostgreSQL has no NOT VALID or USING INDEX form for exclusion constraints: nobody"
                  + " can read or write the table until the build ends.",
              "Add the constraint when the table is created; on an existing table, do it in a"
                  + " maintenance window, or enforce the rule with a trigger and a concurrent index.",
              (s, scope) ->
                  scope.altersExisting(
                      s,
                      a -> Ddl.addedConstraint(a).filter(c -> c.isWord(0, "exclude")).isPresent())),
          Check.of(
              "PG039",
              ERROR,
              "Constraint validated in the transaction that added it NOT VALID",
              "VALIDATE CONSTRAINT scans the table; in the same transaction as the ADD ... NOT VALID"
                  + " it runs while the ADD's lock is still held (ACCESS EXCLUSIVE for a check, SHARE"
                  + " ROW EXCLUSIVE on both tables for a foreign key), so NOT VALID gains nothing.",
              "VALIDATE CONSTRAINT in a later migration, which takes only a SHARE UPDATE EXCLUSIVE"
                  + " lock and lets reads and writes go on.",
              (s, scope) ->
                  scope.transactional()
                      && Ddl.alterTable(s)
                          .filter(
                              t ->
                                  t.actions().stream()
                                      .anyMatch(
                                          a ->
                                              a.startsWith("validate", "constraint")
                                                  && scope.addedNotValidHere(
                                                      t.table(), a.nameAt(2))))
                          .isPresent()));

  /**
   * SET lock_timeout to 0 or DEFAULT, RESET lock_timeout or ALL, set_config('lock_timeout', '0').
   */
  static boolean turnsOffLockTimeout(Clause s) {
    if (s.isWord(0, "reset")) {
      return s.get(1).isName("lock_timeout") || s.isWord(1, "all");
    }
    int name = s.skipAny(1, "session", "local");
    if (s.isWord(0, "set") && s.get(name).isName("lock_timeout")) {
      Token value = s.get(name + 2);
      return value.isWord("default") || isZero(value);
    }
    for (int i = 0; i < s.size(); i++) {
      if (s.isWord(i, "set_config")
          && s.get(i + 1).isSymbol("(")
          && s.get(i + 2).kind() == Token.Kind.STRING
          && s.get(i + 2).text().equals("lock_timeout")
          && isZero(s.get(i + 4))) {
        return true;
      }
    }
    return false;
  }

  /** SET [LOCAL | SESSION] lock_timeout to a limit, or set_config('lock_timeout', limit, ...). */
  static boolean setsLockTimeout(Clause s) {
    int name = s.skipAny(1, "session", "local");
    if (s.isWord(0, "set") && s.get(name).isName("lock_timeout")) {
      Token value = s.get(name + 2);
      return !value.isWord("default") && !isZero(value);
    }
    for (int i = 0; i < s.size(); i++) {
      if (s.isWord(i, "set_config")
          && s.get(i + 2).kind() == Token.Kind.STRING
          && s.get(i + 2).text().equals("lock_timeout")) {
        return !isZero(s.get(i + 4));
      }
    }
    return false;
  }

  /**
   * VACUUM FULL, in the old form (VACUUM FULL [FREEZE] [VERBOSE] [ANALYZE] t) or with options
   * (VACUUM (FULL [true | on | 1], ...) t); (FULL false) is a plain VACUUM.
   */
  static boolean vacuumsFull(Clause s) {
    if (!s.startsWith("vacuum")) {
      return false;
    }
    if (!s.get(1).isSymbol("(")) {
      for (int i = 1; i < 5; i++) {
        if (s.isWord(i, "full")) {
          return true;
        }
      }
      return false;
    }
    for (Clause option : s.splitCommas(2, s.closing(1))) {
      if (option.isWord(0, "full")) {
        Token value = option.get(1);
        return option.size() == 1
            || value.isWord("true")
            || value.isWord("on")
            || value.isWord("yes")
            || value.text().equals("1");
      }
    }
    return false;
  }

  private static boolean provenNotNull(MigrationScope scope, String table, Clause action) {
    String column = Ddl.alteredColumn(action);
    return scope.version() >= 12 && column != null && scope.schema().provenNotNull(table, column);
  }

  private static boolean isZero(Token value) {
    return (value.kind() == Token.Kind.NUMBER || value.kind() == Token.Kind.STRING)
        && ZERO.matcher(value.text().strip()).matches();
  }
}
