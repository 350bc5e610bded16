package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.Json;
import dev.dbmigrate.engine.Direction;
import dev.dbmigrate.engine.DryRunResult;
import dev.dbmigrate.engine.PlannedMigration;
import dev.dbmigrate.engine.json.ResultJson;
import dev.dbmigrate.engine.settings.Target;
import java.io.PrintWriter;

/**
 * Renders a dry run as a SQL script a person can read (and a reviewer can paste into psql), or as
 * JSON. Everything the tool adds around a migration is there, so the script is the whole run.
 */
final class DryRunRendering {

  static final String READS_DATA =
      "this migration reads data; the dry run answered with no rows,"
          + " so on a real database it may do something else";

  private DryRunRendering() {}

  static void print(
      String command, DryRunResult result, boolean json, PrintWriter out, String nothingToDo) {
    print(command, null, result, json, out, nothingToDo);
  }

  static void print(
      String command,
      Target target,
      DryRunResult result,
      boolean json,
      PrintWriter out,
      String nothingToDo) {
    if (json) {
      out.println(Json.write(ResultJson.dryRun(command, target, result)));
    } else {
      text(command, result, out, nothingToDo);
    }
    out.flush();
  }

  private static void text(
      String command, DryRunResult result, PrintWriter out, String nothingToDo) {
    out.println(
        result.offline()
            ? "-- Dry run of "
                + command
                + ", offline: no database was used; the history is assumed"
                + " empty, so every migration is pending."
            : "-- Dry run of " + command + ": nothing was changed and no lock was taken.");
    if (result.nothingToDo()) {
      out.println("-- " + nothingToDo + ".");
      return;
    }
    if (!result.setup().isEmpty()) {
      out.println("-- The history table does not exist yet; the run creates it first:");
      result.setup().forEach(sql -> out.println(statement(sql)));
    }
    int n = result.migrations().size();
    boolean up = result.migrations().get(0).direction() == Direction.UP;
    out.println(
        "-- "
            + (up ? "Batch " + result.batch() + " would apply " : "Would revert ")
            + n
            + (n == 1 ? " migration:" : " migrations:"));
    int index = 0;
    for (PlannedMigration m : result.migrations()) {
      index++;
      out.println();
      out.println(
          "-- "
              + (up ? "up" : "down")
              + " ["
              + index
              + "/"
              + n
              + "] "
              + m.name()
              + (m.origin() == null ? "" : " (" + m.origin() + ")"));
      if (!m.transactional()) {
        out.println("-- runs outside a transaction (transactional() returns false)");
      }
      if (m.readsData()) {
        out.println("-- note: " + READS_DATA);
      }
      if (m.stoppedBy() != null) {
        out.println(
            "-- note: its "
                + (up ? "up" : "down")
                + " stopped in the dry run ("
                + m.stoppedBy()
                + "); the statements after that are unknown");
      }
      m.statements().forEach(s -> out.println(statement(s.sql())));
    }
  }

  /** One statement of the script, ended by a semicolon. */
  private static String statement(String sql) {
    String s = sql.strip();
    return s.endsWith(";") ? s : s + ";";
  }
}
