package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.Json;
import dev.dbmigrate.cli.fleet.TargetOutcomes;
import dev.dbmigrate.engine.DriftResult;
import dev.dbmigrate.engine.TestResult;
import dev.dbmigrate.engine.json.ResultJson;
import dev.dbmigrate.engine.settings.Target;
import java.io.PrintWriter;

/** The results of {@code test} and {@code drift}, as text or as the shared JSON. */
final class CheckRendering {

  private CheckRendering() {}

  static void test(Target target, TestResult result, boolean json, PrintWriter out) {
    if (json) {
      out.println(Json.write(ResultJson.test(target, result)));
      out.flush();
      return;
    }
    if (result.from() != null) {
      out.println("Migrated the scratch database up to " + result.from() + " without testing");
    }
    for (String name : result.tested()) {
      out.println("ok      " + name);
    }
    for (String name : result.notReversible()) {
      out.println("up only " + name + " (no down: cannot be reverted)");
    }
    TestResult.Failure f = result.failure();
    if (f == null) {
      out.println();
      out.println(
          "Passed: "
              + result.tested().size()
              + " migration"
              + (result.tested().size() == 1 ? "" : "s")
              + " went up, down and up again with the schema restored each time");
    } else {
      out.println("FAILED  " + f.migration() + ": " + TargetOutcomes.failedStep(f));
      if (f.message() != null) {
        out.println("  " + f.message());
      }
      for (String line : f.diff().lines()) {
        out.println("  " + line);
      }
    }
    out.flush();
  }

  static void drift(Target target, DriftResult result, boolean json, PrintWriter out) {
    if (json) {
      out.println(Json.write(ResultJson.drift(target, result)));
      out.flush();
      return;
    }
    int n = result.applied().size();
    if (!result.drifted()) {
      out.println(
          "No drift: the schema is what its "
              + n
              + " applied migration"
              + (n == 1 ? "" : "s")
              + " build");
    } else {
      out.println(
          "Drift: the schema differs from what its "
              + n
              + " applied migration"
              + (n == 1 ? "" : "s")
              + " build:");
      for (String line : result.diff().lines()) {
        out.println("  " + line);
      }
    }
    out.flush();
  }
}
