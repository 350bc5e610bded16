package dev.dbmigrate.cli.invoke;

import dev.dbmigrate.cli.Json;
import dev.dbmigrate.cli.fleet.Outcome;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The end of {@code invoke --fleet}: one line per target, then a table of how many came to each
 * outcome, as a local fleet run prints it; or, with {@code --json}, all of it as one document.
 */
final class FleetReportRendering {

  private FleetReportRendering() {}

  static void print(FleetReport report, boolean json, PrintWriter out) {
    if (json) {
      out.println(Json.write(json(report)));
    } else {
      text(report, out);
    }
    out.flush();
  }

  static void text(FleetReport r, PrintWriter out) {
    int n = r.targets().size();
    out.println();
    if (r.thresholdCrossed()) {
      out.println(
          r.command()
              + " through "
              + r.execution()
              + ": FAILED, more targets failed than the fleet tolerates");
      List<TargetRun> failed = r.in(Outcome.FAILED);
      lines(failed, out);
      FleetReport.Counts c = r.counts();
      if (c != null) {
        out.printf("  %-11s %7s%n", "RESULT", "TARGETS");
        out.printf("  %-11s %7d%n", "succeeded", c.succeeded());
        out.printf("  %-11s %7d%n", "failed", c.failed());
        out.printf("  %-11s %7d%n", "not run", c.notRun());
      }
      if (failed.isEmpty()) {
        out.println(
            "The failed targets' errors are in the execution's map run (Step Functions console,"
                + " or --results-bucket <the fleet's results bucket> to list them here); check each"
                + " target with --command status.");
      } else {
        out.println(
            "The step fails: fix the failed targets above and run again; check each target with"
                + " --command status.");
      }
      return;
    }
    out.println(
        r.command()
            + (r.dryRun() ? " (dry run)" : "")
            + " on "
            + n
            + (n == 1 ? " target" : " targets")
            + " through "
            + r.execution()
            + ", "
            + r.status()
            + ":");
    lines(r.targets(), out);
    out.printf("  %-11s %7s%n", "RESULT", "TARGETS");
    for (Outcome o : List.of(Outcome.APPLIED, Outcome.UP_TO_DATE, Outcome.BEHIND, Outcome.FAILED)) {
      int count = r.in(o).size();
      if (count > 0 || o == Outcome.FAILED) {
        out.printf("  %-11s %7d%n", o.label(), count);
      }
    }
    if (!r.in(Outcome.FAILED).isEmpty()) {
      out.println("Failed targets are within what the fleet tolerates; the step succeeds.");
    }
  }

  /** One line per target: name, outcome, and the detail (a failure's exit code and message). */
  private static void lines(List<TargetRun> targets, PrintWriter out) {
    int width = Math.max(6, targets.stream().mapToInt(t -> t.name().length()).max().orElse(0));
    for (TargetRun t : targets) {
      String detail =
          t.outcome() == Outcome.FAILED ? "exit " + t.exitCode() + ": " + t.detail() : t.detail();
      out.println(
          String.format(
                  Locale.ROOT,
                  "  %-" + width + "s  %-10s  %s",
                  t.name(),
                  t.outcome().label(),
                  detail)
              .stripTrailing());
    }
  }

  /**
   * {@code {command, success, exitCode, fleet: {stateMachine, execution, status, thresholdCrossed},
   * summary: {applied, upToDate, behind, failed} (or the map run's counts when the threshold was
   * crossed), targets: [{name, outcome, exitCode, detail, result}]}}; each {@code result} is the
   * target's own reply in the one JSON shape.
   */
  static Map<String, Object> json(FleetReport r) {
    Map<String, Object> reply = Json.object();
    reply.put("command", r.command());
    reply.put("success", r.exitCode() == 0);
    reply.put("exitCode", r.exitCode());
    Map<String, Object> fleet = Json.object();
    fleet.put("stateMachine", r.stateMachine());
    fleet.put("execution", r.execution());
    fleet.put("status", r.status());
    fleet.put("thresholdCrossed", r.thresholdCrossed());
    reply.put("fleet", fleet);
    Map<String, Object> summary = Json.object();
    if (r.thresholdCrossed()) {
      FleetReport.Counts c = r.counts();
      summary.put("total", c == null ? null : c.total());
      summary.put("succeeded", c == null ? null : c.succeeded());
      summary.put("failed", c == null ? null : c.failed());
      summary.put("notRun", c == null ? null : c.notRun());
    } else {
      summary.put("applied", r.in(Outcome.APPLIED).size());
      summary.put("upToDate", r.in(Outcome.UP_TO_DATE).size());
      summary.put("behind", r.in(Outcome.BEHIND).size());
      summary.put("failed", r.in(Outcome.FAILED).size());
    }
    reply.put("summary", summary);
    List<Object> targets = Json.array();
    for (TargetRun t : r.targets()) {
      Map<String, Object> o = Json.object();
      o.put("name", t.name());
      o.put("outcome", t.outcome().name().toLowerCase(Locale.ROOT));
      o.put("exitCode", t.exitCode());
      o.put("detail", t.detail());
      o.put("result", t.result());
      targets.add(o);
    }
    reply.put("targets", targets);
    return reply;
  }
}
