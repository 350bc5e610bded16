package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.Json;
import dev.dbmigrate.engine.ExecutedMigration;
import dev.dbmigrate.engine.RunResult;
import dev.dbmigrate.engine.json.ResultJson;
import dev.dbmigrate.engine.settings.Target;
import java.io.PrintWriter;

/** Renders what latest, up, rollback and down did. */
final class RunRendering {

  private RunRendering() {}

  static void print(
      String command, RunResult result, boolean json, PrintWriter out, String nothingToDo) {
    print(command, null, result, json, out, nothingToDo);
  }

  static void print(
      String command,
      Target target,
      RunResult result,
      boolean json,
      PrintWriter out,
      String nothingToDo) {
    if (json) {
      out.println(Json.write(ResultJson.run(command, target, result)));
    } else if (result.nothingToDo()) {
      out.println(result.stoppedAtBaseline() == null ? nothingToDo : "Nothing rolled back.");
    } else {
      long total = result.executed().stream().mapToLong(ExecutedMigration::millis).sum();
      boolean up = result.executed().get(0).direction() == dev.dbmigrate.engine.Direction.UP;
      int n = result.executed().size();
      String what = n + (n == 1 ? " migration" : " migrations");
      out.println(
          up
              ? "Batch " + result.batch() + " run: " + what + " in " + total + " ms"
              : (result.batch() > 0
                      ? "Batch " + result.batch() + " rolled back: "
                      : "Rolled back: ")
                  + what
                  + " in "
                  + total
                  + " ms");
    }
    if (!json && result.stoppedAtBaseline() != null) {
      out.println(
          "Stopped at the baseline "
              + result.stoppedAtBaseline()
              + ": it stands for a schema dbmigrate did not create, so it is never reverted.");
    }
    out.flush();
  }
}
