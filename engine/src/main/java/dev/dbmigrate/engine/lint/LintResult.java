package dev.dbmigrate.engine.lint;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the linter found.
 *
 * @param migrations every migration looked at, in name order, each with its findings
 * @param targetVersion the PostgreSQL major version the verdicts are for
 */
public record LintResult(List<LintedMigration> migrations, int targetVersion) {

  public LintResult(List<LintedMigration> migrations) {
    this(migrations, LintOptions.NEWEST);
  }

  /** How many statements the rules looked at. */
  public int statements() {
    return migrations.stream().mapToInt(LintedMigration::statements).sum();
  }

  /** The statements the linter could not classify, so no rule judged them. */
  public long unrecognised() {
    return migrations.stream().mapToLong(m -> m.unrecognised().size()).sum();
  }

  public List<Finding> findings() {
    return migrations.stream().flatMap(m -> m.findings().stream()).toList();
  }

  /** Errors that are not silenced: they fail {@code lint} and {@code latest --lint}. */
  public List<Finding> blocking() {
    return findings().stream().filter(Finding::blocking).toList();
  }

  public boolean hasBlocking() {
    return findings().stream().anyMatch(Finding::blocking);
  }

  /** Findings that are not silenced, of the given severity. */
  public long count(Severity severity) {
    return findings().stream().filter(f -> !f.suppressed() && f.severity() == severity).count();
  }

  public long suppressed() {
    return findings().stream().filter(Finding::suppressed).count();
  }

  /**
   * Refuses a run: throws {@link ErrorCode#UNSAFE_MIGRATION} naming each blocking finding, when
   * there is one.
   */
  public void requireSafe() {
    List<Finding> blocking = blocking();
    if (blocking.isEmpty()) {
      return;
    }
    String each =
        blocking.stream()
            .map(
                f ->
                    f.migration()
                        + ": "
                        + f.rule()
                        + " "
                        + f.title()
                        + " ("
                        + abbreviate(f.statement())
                        + ")")
            .collect(Collectors.joining("; "));
    Finding first = blocking.get(0);
    throw new MigrationException(
        ErrorCode.UNSAFE_MIGRATION,
        first.migration(),
        (blocking.size() == 1
                ? "a migration breaks a lock-safety rule: "
                : blocking.size() + " statements break lock-safety rules: ")
            + each
            + "; nothing was applied. Run"
            + " 'dbmigrate lint' for why and the safe pattern; rewrite the migration, or if it is"
            + " safe here, add @AllowUnsafe(rule = \""
            + first.rule()
            + "\", reason = \"...\") to"
            + " its class",
        null);
  }

  private static String abbreviate(String sql) {
    String flat = sql.strip().replaceAll("\\s+", " ");
    return flat.length() <= 120 ? flat : flat.substring(0, 120) + "...";
  }
}
