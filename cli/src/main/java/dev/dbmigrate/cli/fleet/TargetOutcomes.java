package dev.dbmigrate.cli.fleet;

import dev.dbmigrate.engine.DryRunResult;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.ExecutedMigration;
import dev.dbmigrate.engine.MigrationState;
import dev.dbmigrate.engine.MigrationStatus;
import dev.dbmigrate.engine.PlannedMigration;
import dev.dbmigrate.engine.RunResult;
import dev.dbmigrate.engine.StatusResult;
import dev.dbmigrate.engine.json.ResultJson;
import dev.dbmigrate.engine.settings.Target;
import java.util.List;
import java.util.Locale;

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

  /** The first few names, so one target stays one line. */
  private static String names(List<String> names) {
    int shown = Math.min(3, names.size());
    return String.join(", ", names.subList(0, shown))
        + (names.size() > shown ? " and " + (names.size() - shown) + " more" : "");
  }
}
