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

  static final List<Check> CHECKS;
  static final List<Rule> ALL;

  static {
    List<Check> checks = new ArrayList<>(LockRules.CHECKS);
    checks.addAll(TypeRules.CHECKS);
    checks.sort(Comparator.comparing(c -> c.rule().id()));
    CHECKS = List.copyOf(checks);
    List<Rule> all = new ArrayList<>();
    all.add(INVALID_SUPPRESSION);
    CHECKS.forEach(c -> all.add(c.rule()));
    ALL = List.copyOf(all);
  }

  private Rules() {}

  static Optional<Rule> byId(String id) {
    return ALL.stream().filter(r -> r.id().equals(id)).findFirst();
  }
}
