package dev.dbmigrate.cli.fleet;

import dev.dbmigrate.engine.DryRunResult;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.ExecutedMigration;
import dev.dbmigrate.engine.MigrationState;
import dev.dbmigrate.engine.MigrationStatus;
import dev.dbmigrate.engine.PlannedMigration;
import dev.dbmigrate.engine.RunResult;
import dev.dbmigrate.engine.StatusResult;
import dev.dbmigrate.engine.TestResult;
import dev.dbmigrate.engine.json.ResultJson;
import dev.dbmigrate.engine.lint.Finding;
import dev.dbmigrate.engine.lint.LintResult;
import dev.dbmigrate.engine.lint.Severity;
import dev.dbmigrate.engine.settings.Target;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The engine's results as one target's outcome: the line a person reads and the JSON. */
public final class TargetOutcomes {

  private TargetOutcomes() {}

  public static TargetOutcome run(String command, Target target, RunResult result) {
    if (result.nothingToDo()) {
      return new TargetOutcome(
          Outcome.UP_TO_DATE, "", null, ResultJson.run(command, target, result));
    }
    long total = result.executed().stream().mapToLong(ExecutedMigration::millis).sum();
    int n = result.executed().size();
    return new TargetOutcome(
        Outcome.APPLIED,
        n
            + (n == 1 ? " migration" : " migrations")
            + " in "
            + total
            + " ms, batch "
            + result.batch(),
        null,
        ResultJson.run(command, target, result));
  }

  public static TargetOutcome dryRun(String command, Target target, DryRunResult result) {
    List<String> names = result.migrations().stream().map(PlannedMigration::name).toList();
    return new TargetOutcome(
        names.isEmpty() ? Outcome.UP_TO_DATE : Outcome.BEHIND,
        names.isEmpty() ? "" : "would apply " + names(names),
        null,
        ResultJson.dryRun(command, target, result));
  }

  /**
   * A status: up to date, or behind with what is pending and what needs a look.
   *
   * @param problem what status --fail-on-pending makes of it, or null without that option
   */
  public static TargetOutcome status(Target target, StatusResult status, ErrorCode problem) {
    if (status.upToDate()) {
      return new TargetOutcome(
          Outcome.UP_TO_DATE,
          status.applied().size() + " applied",
          problem,
          ResultJson.status(target, status));
    }
    StringBuilder detail = new StringBuilder();
    List<String> pending = status.pending().stream().map(MigrationStatus::name).toList();
    if (!pending.isEmpty()) {
      detail.append(pending.size()).append(" pending: ").append(names(pending));
    }
    for (MigrationState state : MigrationState.values()) {
      List<MigrationStatus> in = status.inState(state);
      if (state != MigrationState.APPLIED && state != MigrationState.PENDING && !in.isEmpty()) {
        detail
            .append(detail.length() == 0 ? "" : "; ")
            .append(in.size())
            .append(' ')
            .append(state.name().toLowerCase(Locale.ROOT))
            .append(": ")
            .append(names(in.stream().map(MigrationStatus::name).toList()));
      }
    }
    return new TargetOutcome(
        Outcome.BEHIND, detail.toString(), problem, ResultJson.status(target, status));
  }

  /**
   * A lint of what is pending on the target: clean, or findings with the rules and the migrations
   * they are in; an error that is not silenced fails the target as lint does (exit 16).
   *
   * @param json the target's reply in the shape of {@code lint --json}
   */
  public static TargetOutcome lint(LintResult result, Map<String, Object> json) {
    int n = result.migrations().size();
    if (n == 0) {
      return new TargetOutcome(Outcome.CLEAN, "nothing pending", null, json);
    }
    String checked =
        n
            + (n == 1 ? " pending migration" : " pending migrations")
            + " checked for PostgreSQL "
            + result.targetVersion();
    List<Finding> shown = result.findings().stream().filter(f -> !f.suppressed()).toList();
    if (shown.isEmpty()) {
      long silenced = result.suppressed();
      return new TargetOutcome(
          Outcome.CLEAN,
          checked + (silenced == 0 ? ", no findings" : ", " + silenced + " silenced"),
          null,
          json);
    }
    long errors = result.count(Severity.ERROR);
    long warnings = result.count(Severity.WARNING);
    String detail =
        count(errors, "error")
            + ", "
            + count(warnings, "warning")
            + " in "
            + checked
            + ": "
            + names(shown.stream().map(f -> f.rule() + " in " + f.migration()).distinct().toList());
    return new TargetOutcome(
        Outcome.FINDINGS, detail, result.hasBlocking() ? ErrorCode.UNSAFE_MIGRATION : null, json);
  }

  /**
   * A test on a scratch database of the target's server: passed, or failed (exit 18) naming the
   * first migration that failed and how.
   */
  public static TargetOutcome test(Target target, TestResult result) {
    Map<String, Object> json = ResultJson.test(target, result);
    TestResult.Failure f = result.failure();
    if (f != null) {
      String more =
          f.message() != null
              ? ": " + f.message()
              : f.diff().lines().isEmpty() ? "" : ": " + f.diff().lines().get(0).strip();
      return new TargetOutcome(
          Outcome.FAILED, f.migration() + ": " + failedStep(f) + more, ErrorCode.TEST_FAILED, json);
    }
    int tested = result.tested().size();
    return new TargetOutcome(
        Outcome.PASSED,
        count(tested, "migration")
            + " went up, down and up again"
            + (result.from() == null ? "" : " after " + result.from())
            + (result.notReversible().isEmpty()
                ? ""
                : ", " + result.notReversible().size() + " up only (no down)"),
        null,
        json);
  }

  /** Which step of a migration's round trip failed, as {@code test} says it. */
  public static String failedStep(TestResult.Failure f) {
    return switch (f.step()) {
      case UP -> "its up failed";
      case DOWN -> "its down failed";
      case RESTORE -> "its down did not restore the schema from before its up";
      case UP_AGAIN -> "its up failed when run again after its down";
      case REPEAT -> "its up run again after its down built another schema";
    };
  }

  private static String count(long n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }

  /** The first few names, so one target stays one line. */
  private static String names(List<String> names) {
    int shown = Math.min(3, names.size());
    return String.join(", ", names.subList(0, shown))
        + (names.size() > shown ? " and " + (names.size() - shown) + " more" : "");
  }
}
