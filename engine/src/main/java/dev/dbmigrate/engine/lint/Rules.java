package dev.dbmigrate.engine.lint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Every rule, in id order, with PG000 for suppressions that are themselves wrong. */
final class Rules {

  static final Rule INVALID_SUPPRESSION =
      new Rule(
          "PG000",
          Severity.ERROR,
          "Suppression without a reason, or of an unknown rule",
          "@AllowUnsafe must say why the statement is safe here, so a reviewer and the next reader can"
              + " check it; one with a blank reason, or naming a rule that does not exist, silences"
              + " nothing.",
          "@AllowUnsafe(rule = \"PG001\", reason = \"orders is empty until the feature ships\")");

  /** Not a statement's shape but how it is sent; the linter counts such queries itself. */
  static final Rule PLAIN_SQL_TEMPLATE =
      new Rule(
          "PG019",
          Severity.WARNING,
          "Plain SQL through jOOQ's templating",
          "db.execute(\"...\") renders the text as a jOOQ template: ? is a bind variable, {0} a"
              + " placeholder, and a quote inside $$...$$ starts a string, so valid PostgreSQL (a"
              + " jsonb ? operator, a function body with it's, a {0} in a comment) fails to render"
              + " or is sent changed, and several statements in one string are sent as one.",
          "Sql.execute(db, \"...\") (dev.dbmigrate.engine.Sql), which sends each statement exactly"
              + " as written, or a .sql migration file");

  /** Not one statement's shape but the migration's: found after its last statement. */
  static final Rule BACKFILL_WITH_DDL =
      new Rule(
          "PG037",
          Severity.WARNING,
          "Whole-table UPDATE in the same transaction as DDL",
          "An UPDATE without WHERE rewrites every row of the table while the migration's"
              + " transaction holds the locks its DDL took (ACCESS EXCLUSIVE for most ALTER TABLE):"
              + " reads and writes of those tables wait for the whole backfill.",
          "Backfill in a later, non-transactional migration, in batches (UPDATE ... WHERE id"
              + " BETWEEN ...), each committed on its own; keep the DDL migration short.");

  static final List<Check> CHECKS;
  static final List<Rule> ALL;

  static {
    List<Check> checks = new ArrayList<>(LockRules.CHECKS);
    checks.addAll(TypeRules.CHECKS);
    checks.addAll(CompatibilityRules.CHECKS);
    checks.addAll(OnlineRules.CHECKS);
    checks.sort(Comparator.comparing(c -> c.rule().id()));
    CHECKS = List.copyOf(checks);
    List<Rule> all = new ArrayList<>();
    all.add(INVALID_SUPPRESSION);
    CHECKS.forEach(c -> all.add(c.rule()));
    all.add(PLAIN_SQL_TEMPLATE);
    all.add(BACKFILL_WITH_DDL);
    all.sort(Comparator.comparing(Rule::id));
    ALL = List.copyOf(all);
  }

  private Rules() {}

  static Optional<Rule> byId(String id) {
    return ALL.stream().filter(r -> r.id().equals(id)).findFirst();
  }
}
