package dev.dbmigrate.cli.fleet;

import dev.dbmigrate.cli.Json;
import dev.dbmigrate.engine.settings.Target;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The end of a fleet run: a table of how many targets came to each outcome, then the failed ones
 * with their errors, the behind ones with what is pending, those with lint findings and what they
 * are, and the skipped ones; or, with {@code --json}, every target's result.
 */
public final class FleetRendering {

  private FleetRendering() {}

  public static void print(FleetResult result, boolean json, PrintWriter out) {
    if (json) {
      out.println(Json.write(json(result)));
    } else {
      text(result, out);
    }
    out.flush();
  }

  static void text(FleetResult result, PrintWriter out) {
    int n = result.targets().size();
    out.println();
    out.println(
        result.command()
            + " on "
            + n
            + (n == 1 ? " target" : " targets")
            + " from "
            + result.source()
            + ", "
            + result.parallel()
            + " at a time, on failure "
            + result.policy().name().toLowerCase(Locale.ROOT)
            + ":");
    out.printf("  %-11s %7s%n", "RESULT", "TARGETS");
    for (Outcome o : Outcome.values()) {
      int count = result.in(o).size();
      if (count > 0 || o == Outcome.FAILED) {
        out.printf("  %-11s %7d%n", o.label(), count);
      }
    }
    List<TargetResult> failed = result.in(Outcome.FAILED);
    if (!failed.isEmpty()) {
      out.println("Failed:");
      for (TargetResult t : failed) {
        out.println(
            "  "
                + t.target().name()
                + " ("
                + where(t)
                + ") exit "
                + t.exitCode()
                + ": "
                + t.detail());
      }
    }
    List<TargetResult> behind = result.in(Outcome.BEHIND);
    if (!behind.isEmpty()) {
      out.println("Behind:");
      behind.forEach(t -> out.println("  " + t.target().name() + ": " + t.detail()));
    }
    List<TargetResult> findings = result.in(Outcome.FINDINGS);
    if (!findings.isEmpty()) {
      out.println("Findings:");
      findings.forEach(
          t ->
              out.println(
                  "  "
                      + t.target().name()
                      + (t.problem() == null ? "" : " exit " + t.exitCode())
                      + ": "
                      + t.detail()));
    }
    List<TargetResult> skipped = result.in(Outcome.SKIPPED);
    if (!skipped.isEmpty()) {
      out.println(
          "Skipped, not started after a failure (--on-failure continue runs every target): "
              + String.join(", ", skipped.stream().map(t -> t.target().name()).toList()));
    }
  }

  /** The target's address when it connected, else the line that defined it. */
  private static String where(TargetResult t) {
    Target c = t.connected();
    return c == null ? t.target().origin() : c.address() + "/" + c.database();
  }

  /**
   * {@code {command, success, exitCode, fleet: {source, parallel, onFailure}, summary: {applied,
   * upToDate, behind, clean, findings, passed, failed, skipped}, targets: [{name, origin, outcome,
   * exitCode, millis, detail, result}]}}: the summary counts the targets of every outcome, so its
   * keys are the same for every command; each {@code result} is the target's own reply in the shape
   * of the command's single-target JSON (a run's, a status's, a lint's, a test's, a failure's),
   * null for a skipped target.
   */
  static Map<String, Object> json(FleetResult result) {
    Map<String, Object> reply = Json.object();
    reply.put("command", result.command());
    reply.put("success", result.exitCode() == 0);
    reply.put("exitCode", result.exitCode());
    Map<String, Object> fleet = Json.object();
    fleet.put("source", result.source());
    fleet.put("parallel", result.parallel());
    fleet.put("onFailure", result.policy().name().toLowerCase(Locale.ROOT));
    reply.put("fleet", fleet);
    Map<String, Object> summary = Json.object();
    for (Outcome o : Outcome.values()) {
      summary.put(o.key(), result.in(o).size());
    }
    reply.put("summary", summary);
    List<Object> targets = Json.array();
    for (TargetResult t : result.targets()) {
      Map<String, Object> o = Json.object();
      o.put("name", t.target().name());
      o.put("origin", t.target().origin());
      o.put("outcome", t.outcome().name().toLowerCase(Locale.ROOT));
      o.put("exitCode", t.exitCode());
      o.put("millis", t.millis());
      o.put("detail", t.detail());
      o.put("result", t.json());
      targets.add(o);
    }
    reply.put("targets", targets);
    return reply;
  }
}
