package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.Json;
import dev.dbmigrate.engine.ExecutedMigration;
import dev.dbmigrate.engine.RunResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** Renders what latest, up, rollback and down did. */
final class RunRendering {

  private RunRendering() {}

  static void print(
      String command, RunResult result, boolean json, PrintWriter out, String nothingToDo) {
    if (json) {
      Map<String, Object> reply = Json.object();
      reply.put("command", command);
      reply.put("success", true);
      reply.put("batch", result.batch());
      List<Object> executed = Json.array();
      for (ExecutedMigration e : result.executed()) {
        Map<String, Object> m = Json.object();
        m.put("name", e.name());
        m.put("direction", e.direction().name().toLowerCase(java.util.Locale.ROOT));
        m.put("millis", e.millis());
        executed.add(m);
      }
      reply.put("executed", executed);
      reply.put("pending", result.pending());
      if (result.stoppedAtBaseline() != null) {
        reply.put("stoppedAtBaseline", result.stoppedAtBaseline());
      }
      out.println(Json.write(reply));
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
