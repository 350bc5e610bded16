package dev.dbmigrate.cli.fleet;

import dev.dbmigrate.cli.ExitCodes;
import dev.dbmigrate.engine.ErrorCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Every target's result of one fleet run, in the fleet's order.
 *
 * @param source where the targets came from (the file, or the environments' pattern)
 */
public record FleetResult(
    String command, String source, int parallel, FailurePolicy policy, List<TargetResult> targets) {

  /**
   * Worst first: what needs a person before anything else (a bug, a migration left half-applied, a
   * state not known), then a failed migration, then what stopped a run before it changed anything,
   * then a target that could not be reached, then what is merely pending. The codes not named here
   * follow in their declared order.
   */
  private static final List<ErrorCode> WORST_FIRST =
      severity(
          ErrorCode.INTERNAL,
          ErrorCode.NEEDS_ATTENTION,
          ErrorCode.CONNECTION_LOST,
          ErrorCode.MIGRATION_FAILED,
          ErrorCode.LOCK_TIMEOUT,
          ErrorCode.CHECKSUM_MISMATCH,
          ErrorCode.INVALID_MIGRATIONS,
          ErrorCode.OUT_OF_ORDER,
          ErrorCode.UNSAFE_MIGRATION,
          ErrorCode.NOT_FOUND,
          ErrorCode.LOCKED,
          ErrorCode.AUTHENTICATION,
          ErrorCode.CONNECTION,
          ErrorCode.CONFIGURATION,
          ErrorCode.PENDING);

  public FleetResult {
    targets = List.copyOf(targets);
  }

  private static List<ErrorCode> severity(ErrorCode... named) {
    List<ErrorCode> all = new ArrayList<>(Arrays.asList(named));
    for (ErrorCode c : ErrorCode.values()) {
      if (!all.contains(c)) {
        all.add(c);
      }
    }
    return List.copyOf(all);
  }

  /** The worst problem of any target, or null when every target succeeded. */
  public ErrorCode worst() {
    return targets.stream()
        .map(TargetResult::problem)
        .filter(p -> p != null)
        .min(Comparator.comparingInt(WORST_FIRST::indexOf))
        .orElse(null);
  }

  /** The worst outcome's exit code: 0 only when every target succeeded. */
  public int exitCode() {
    ErrorCode worst = worst();
    return worst == null ? ExitCodes.OK : ExitCodes.of(worst);
  }

  public List<TargetResult> in(Outcome outcome) {
    return targets.stream().filter(t -> t.outcome() == outcome).toList();
  }
}
