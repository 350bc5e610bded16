package dev.dbmigrate.cli.invoke;

import dev.dbmigrate.cli.ExitCodes;
import dev.dbmigrate.cli.fleet.Outcome;
import dev.dbmigrate.engine.ErrorCode;
import java.util.List;

/**
 * How a fleet execution ended, as a value the command renders: every target's result when the
 * execution succeeded (failed targets within the tolerated share included), the map run's counts
 * when it failed for crossing the threshold, with every target's result too when they were found in
 * the results bucket ({@code --results-bucket}).
 *
 * @param status the execution's status, e.g. SUCCEEDED
 * @param thresholdCrossed the execution failed with States.ExceedToleratedFailureThreshold
 * @param counts the map run's last item counts; null when it never reported any
 * @param targets every target's result; empty when the results were not written or not found
 */
record FleetReport(
    String command,
    boolean dryRun,
    String stateMachine,
    String execution,
    String status,
    boolean thresholdCrossed,
    Counts counts,
    List<TargetRun> targets) {

  /** The map run's item counts. */
  record Counts(long total, long succeeded, long failed, long notRun) {}

  FleetReport {
    targets = List.copyOf(targets);
  }

  /** 26 when the threshold was crossed, else 0: failed targets within it do not fail the step. */
  int exitCode() {
    return thresholdCrossed ? ExitCodes.of(ErrorCode.FLEET_THRESHOLD) : ExitCodes.OK;
  }

  List<TargetRun> in(Outcome outcome) {
    return targets.stream().filter(t -> t.outcome() == outcome).toList();
  }
}
