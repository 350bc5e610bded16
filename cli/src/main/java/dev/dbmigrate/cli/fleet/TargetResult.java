package dev.dbmigrate.cli.fleet;

import dev.dbmigrate.cli.ExitCodes;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.settings.Target;
import java.util.Map;

/**
 * What one target of a fleet did, as a value the command renders.
 *
 * @param connected what it connected to; null when it did not get that far
 * @param detail one line for a person: what was applied, what is pending, or the error
 * @param problem the error code this target's outcome stands for; null when it succeeded
 * @param json the target's own result in the one JSON shape ({@code ResultJson}); null if skipped
 */
public record TargetResult(
    FleetTarget target,
    Target connected,
    Outcome outcome,
    String detail,
    ErrorCode problem,
    Map<String, Object> json,
    long millis) {

  static TargetResult skipped(FleetTarget target) {
    return new TargetResult(
        target, null, Outcome.SKIPPED, "not started: a target failed before", null, null, 0);
  }

  public int exitCode() {
    return problem == null ? ExitCodes.OK : ExitCodes.of(problem);
  }
}
