package dev.dbmigrate.engine.lint;

import static dev.dbmigrate.engine.lint.Severity.ERROR;
import static dev.dbmigrate.engine.lint.Severity.WARNING;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rules about statements that fail, lose data or break running code, rather than lock: a required
 * column without a default, duplicate assignments, TRUNCATE CASCADE, transaction control, long
 * identifiers, and the type choices Squawk and strong_migrations warn about.
 */
final class CompatibilityRules {

  private static final int MAX_IDENTIFIER_BYTES = 63;

  private CompatibilityRules() {}

  static final List<Check> CHECKS =
      List.of(
          Check.of(
              "PG020",
              ERROR,
              "NOT NULL column added without a default",
              "ADD COLUMN ... NOT NULL without a DEFAULT fails on a table that has rows (\"column"
                  + " contains null values\"), and once it works, running code that inserts"
                  + " without the column fails.",
              "Add the column with a constant DEFAULT (instant since PostgreSQL 11), or add it"
                  + " nullable, backfill it in batches, and make it NOT NULL later through a"
                  + " validated CHECK (column IS NOT NULL).",
              (s, scope) ->
                  scope.altersExisting(
                      s,
                      a ->
                          Ddl.addedColumn(a)
                              .filter(CompatibilityRules::requiredWithoutDefault)
                              .isPresent())),
          Check.of(
              "PG021",
              WARNING,
              "char(n) column",
              "char(n) pads every value with spaces to its length, compares ignoring them, and is"
                  + " no faster than text; the padding surprises every client that reads it.",
              "text (or varchar), with a CHECK (length(column) = n) when the length matters.",
              (s, scope) -> Ddl.columns(s).stream().anyMatch(ColumnDef::isChar)),
          Check.of(
              "PG022",
              WARNING,
              "varchar(n) instead of text",
              "Changing the length of varchar(n) later takes an ACCESS EXCLUSIVE lock (and shortening"
                  + " it scans or rewrites the table); the limit is better kept as a constraint.",
              "text with CHECK (length(column) <= n), whose limit can be changed with a NOT VALID"
                  + " check and VALIDATE, without an exclusive lock.",
              (s, scope) -> Ddl.columns(s).stream().anyMatch(ColumnDef::isBoundedVarchar)),
          Check.of(
              "PG023",
              ERROR,
              "Column assigned twice in one statement",
              "UPDATE ... SET a = 1, a = 2 or INSERT INTO t (a, a) is refused by PostgreSQL"
                  + " (\"multiple assignments to same column\"), so the migration fails there.",
              "Assign each column once; combine the expressions if both were meant.",
              (s, scope) -> assignsTwice(s)),
          Check.of(
              "PG024",
              ERROR,
              "TRUNCATE ... CASCADE",
              "CASCADE also empties every table that has a foreign key to the truncated ones, and"
                  + " the tables that reference those, which the statement does not name.",
              "Name every table to empty in the TRUNCATE, without CASCADE, so PostgreSQL refuses"
                  + " when a referencing table was forgotten.",
              (s, scope) -> s.startsWith("truncate") && s.has("cascade")),
          Check.of(
              "PG025",
              WARNING,
              "NOT NULL dropped from a column",
              "Running code and readers written for a required column (a non-optional field, a"
                  + " join that expects a value) break on the first null.",
              "First deploy code that handles null; then drop NOT NULL, and silence this rule"
                  + " saying which release handles it.",
              (s, scope) ->
                  scope.altersExisting(
                      s, a -> a.isWord(0, "alter") && a.has("drop", "not", "null"))),
          Check.of(
              "PG030",
              WARNING,
              "Enum value added without BEFORE or AFTER",
              "ADD VALUE without a position appends the value, so it sorts after every other value in"
                  + " ORDER BY, comparisons and ranges; usually the order of an enum means something.",
              "ALTER TYPE ... ADD VALUE 'v' BEFORE 'x' (or AFTER 'y'), saying where it belongs.",
              (s, scope) ->
                  s.startsWith("alter", "type")
                      && s.find(3, "add", "value") >= 0
                      && !s.has("before")
                      && !s.has("after")),
          Check.of(
              "PG031",
              WARNING,
              "Identifier longer than 63 bytes",
              "PostgreSQL cuts identifiers to 63 bytes with only a NOTICE, so two long names that"
                  + " differ near the end become the same name, and the name in the catalog is not"
                  + " the one in the migration.",
              "A shorter name, at most 63 bytes.",
              (s, scope) -> hasLongIdentifier(s)),
          Check.of(
              "PG032",
              WARNING,
              "Table named without its schema (optional rule)",
              "An unqualified table name resolves through search_path, which differs between"
                  + " roles, sessions and tools, so the same migration can change another schema's"
                  + " table.",
              "Qualify the name: schema.table. Turn this rule on with --include PG032.",
              (s, scope) -> scope.includes("PG032") && Ddl.namesUnqualifiedTable(s)),
          Check.of(
              "PG033",
              ERROR,
              "Transaction control inside a migration",
              "dbmigrate runs a migration, its history row and its timeouts in a transaction of its"
                  + " own: COMMIT ends it early (the rest runs outside any transaction and a failure"
                  + " leaves half a migration), BEGIN inside it is ignored with a warning, and"
                  + " ROLLBACK throws the work away while the run reports success.",
              "Remove it. For statements that cannot run in a transaction, override"
                  + " transactional() to return false (a .sql file: first line"
                  + " -- dbmigrate:no-transaction).",
              (s, scope) -> SqlStatements.isTransactionControl(s)),
          Check.of(
              "PG038",
              ERROR,
              "DROP DATABASE",
              "A migration that drops a database destroys all of its data, and PostgreSQL refuses"
                  + " it inside a transaction block anyway.",
              "Drop databases by hand, outside migrations.",
              (s, scope) -> s.startsWith("drop", "database")));

  private static boolean requiredWithoutDefault(ColumnDef c) {
    Clause k = c.constraints();
    return k.has("not", "null")
        && !k.has("default")
        && !k.has("generated")
        && !k.has("primary", "key");
  }

  private static boolean hasLongIdentifier(Clause s) {
    for (int i = 0; i < s.size(); i++) {
      Token t = s.get(i);
      if (t.isName() && t.text().getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
        return true;
      }
    }
    return false;
  }

  /** UPDATE ... SET with a column twice, or INSERT INTO t (columns) with one twice. */
  static boolean assignsTwice(Clause s) {
    if (s.startsWith("insert", "into")) {
      int open = s.nameEnd(2);
      if (s.get(open).isSymbol("(") && !s.isWord(open + 1, "select")) {
        return duplicate(s.splitCommas(open + 1, s.closing(open)));
      }
      return false;
    }
    if (!s.startsWith("update")) {
      return false;
    }
    int set = s.find(1, "set");
    if (set < 0) {
      return false;
    }
    int end = s.size();
    for (String word : List.of("from", "where", "returning")) {
      int at = s.find(set + 1, word);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    Set<String> seen = new HashSet<>();
    for (Clause assignment : s.splitCommas(set + 1, end)) {
      List<Clause> targets =
          assignment.get(0).isSymbol("(")
              ? assignment.splitCommas(1, assignment.closing(0))
              : List.of(assignment);
      for (Clause target : targets) {
        if (target.get(0).isName() && !seen.add(target.get(0).text())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean duplicate(List<Clause> columns) {
    Set<String> seen = new HashSet<>();
    for (Clause c : columns) {
      if (c.get(0).isName() && !seen.add(c.get(0).text())) {
        return true;
      }
    }
    return false;
  }
}
