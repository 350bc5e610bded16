package dev.dbmigrate.engine.lint;

import dev.dbmigrate.engine.AllowUnsafe;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@link AllowUnsafe} annotations of one migration class: reasons by rule, and mistakes. */
final class Suppressions {

  private final Map<String, String> reasons = new HashMap<>();
  private final List<AllowUnsafe> invalid = new ArrayList<>();

  static Suppressions none() {
    return new Suppressions();
  }

  static Suppressions of(Class<?> migrationClass) {
    Suppressions s = new Suppressions();
    for (AllowUnsafe allow : migrationClass.getAnnotationsByType(AllowUnsafe.class)) {
      boolean known =
          Rules.byId(allow.rule()).isPresent()
              && !allow.rule().equals(Rules.INVALID_SUPPRESSION.id());
      if (known && !allow.reason().isBlank()) {
        s.reasons.put(allow.rule(), allow.reason().strip());
      } else {
        s.invalid.add(allow);
      }
    }
    return s;
  }

  /** The reason the migration gives for breaking {@code rule}, or null. */
  String reason(String rule) {
    return reasons.get(rule);
  }

  /** A PG000 finding for each suppression that silences nothing. */
  List<Finding> problems(String migration) {
    Rule r = Rules.INVALID_SUPPRESSION;
    List<Finding> findings = new ArrayList<>();
    for (AllowUnsafe allow : invalid) {
      String what =
          Rules.byId(allow.rule()).isEmpty()
              ? "there is no rule " + allow.rule()
              : allow.rule().equals(r.id())
                  ? r.id() + " cannot be silenced"
                  : "the reason is blank";
      findings.add(
          new Finding(
              r.id(),
              r.severity(),
              r.title(),
              migration,
              "@AllowUnsafe(rule = \"" + allow.rule() + "\", reason = \"" + allow.reason() + "\")",
              what + ". " + r.why(),
              r.safePattern(),
              null));
    }
    return findings;
  }
}
