package dev.dbmigrate.engine.lint;

import static dev.dbmigrate.engine.lint.Severity.ERROR;
import static dev.dbmigrate.engine.lint.Severity.WARNING;

import java.util.List;

/**
 * Rules about the online forms of maintenance statements (REINDEX, DETACH PARTITION), domains,
 * whose constraints reach every column of the type, and migrations outside a transaction, which a
 * failure leaves half applied.
 */
final class OnlineRules {

  private OnlineRules() {}

  static final List<Check> CHECKS =
      List.of(
          Check.of(
              "PG026",
              WARNING,
              "Domain created with a constraint",
              "A constraint on a domain applies to every column of that type: changing it later"
                  + " (ALTER DOMAIN ... ADD CONSTRAINT) scans every such column of every table, and"
                  + " its errors name the domain, not the column.",
              "A plain domain (or the base type) and CHECK constraints on the tables' columns.",
              (s, scope) ->
                  s.startsWith("create", "domain")
                      && (s.has("check") || s.has("constraint") || s.has("not", "null"))),
          Check.of(
              "PG027",
              ERROR,
              "Constraint added to a domain without NOT VALID",
              "ALTER DOMAIN ... ADD CONSTRAINT (or SET NOT NULL) checks every column of that type in"
                  + " every table, holding locks that block their writes until the scan ends.",
              "ALTER DOMAIN ... ADD CONSTRAINT ... NOT VALID, which checks only new values, then"
                  + " ALTER DOMAIN ... VALIDATE CONSTRAINT in a later migration.",
              (s, scope) ->
                  s.startsWith("alter", "domain")
                      && ((s.find(3, "add") >= 0 && !s.has("not", "valid"))
                          || s.find(3, "set", "not", "null") >= 0)),
          Check.of(
              "PG028",
              ERROR,
              "REINDEX without CONCURRENTLY",
              "REINDEX locks out writes to the table (and, for REINDEX TABLE, reads that use its"
                  + " indexes) until every index is rebuilt.",
              "REINDEX ... CONCURRENTLY (PostgreSQL 12+), in a migration whose transactional()"
                  + " returns false.",
              (s, scope) ->
                  scope.version() >= 12
                      && s.startsWith("reindex")
                      && !s.hasAnywhere("concurrently")
                      && !s.hasAnywhere("system")
                      && reindexesExisting(s, scope)),
          Check.of(
              "PG029",
              ERROR,
              "DETACH PARTITION without CONCURRENTLY",
              "ALTER TABLE ... DETACH PARTITION takes an ACCESS EXCLUSIVE lock on the partitioned"
                  + " table: every query on any partition waits behind it.",
              "ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY (PostgreSQL 14+), alone in a"
                  + " migration whose transactional() returns false; if it is interrupted, finish"
                  + " it with DETACH PARTITION ... FINALIZE.",
              (s, scope) ->
                  scope.version() >= 14
                      && scope.altersExisting(
                          s,
                          a ->
                              a.startsWith("detach", "partition")
                                  && !a.has("concurrently")
                                  && !a.has("finalize"))),
          Check.of(
              "PG034",
              WARNING,
              "Statement that fails when a non-transactional migration is run again",
              "A migration outside a transaction is not rolled back when a later statement fails:"
                  + " its history row is not written, so the next run repeats the statements that"
                  + " already ran, and a CREATE or DROP without IF [NOT] EXISTS then fails. A failed"
                  + " CREATE INDEX CONCURRENTLY also leaves an INVALID index behind.",
              "IF NOT EXISTS on CREATE, IF EXISTS on DROP; for CREATE INDEX CONCURRENTLY, drop the"
                  + " index a failed build leaves first: DROP INDEX CONCURRENTLY IF EXISTS i, then"
                  + " CREATE INDEX CONCURRENTLY i.",
              (s, scope) -> !scope.transactional() && !Ddl.robust(s, scope)));

  private static boolean reindexesExisting(Clause s, MigrationScope scope) {
    int i = s.get(1).isSymbol("(") ? s.closing(1) + 1 : 1;
    String name = s.nameAt(i + 1);
    if (s.isWord(i, "index")) {
      return scope.existingIndex(name);
    }
    return !s.isWord(i, "table") || scope.existing(name);
  }
}
