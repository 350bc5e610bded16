package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.Json;
import dev.dbmigrate.engine.Direction;
import dev.dbmigrate.engine.DryRunResult;
import dev.dbmigrate.engine.PlannedMigration;
import dev.dbmigrate.engine.PlannedStatement;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
    if (json) {
      out.println(Json.write(json(command, result)));
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

  private static Map<String, Object> json(String command, DryRunResult result) {
    Map<String, Object> reply = Json.object();
    reply.put("command", command);
    reply.put("success", true);
    reply.put("dryRun", true);
    reply.put("offline", result.offline());
    reply.put("batch", result.batch());
    reply.put("setup", result.setup());
    List<Object> migrations = Json.array();
    for (PlannedMigration m : result.migrations()) {
      Map<String, Object> o = Json.object();
      o.put("name", m.name());
      o.put("direction", m.direction().name().toLowerCase(Locale.ROOT));
      o.put("origin", m.origin());
      o.put("transactional", m.transactional());
      o.put("readsData", m.readsData());
      o.put("stoppedBy", m.stoppedBy());
      List<Object> statements = Json.array();
      for (PlannedStatement s : m.statements()) {
        Map<String, Object> st = Json.object();
        st.put("kind", s.kind().name().toLowerCase(Locale.ROOT));
        st.put("sql", s.sql());
        statements.add(st);
      }
      o.put("statements", statements);
      migrations.add(o);
    }
    reply.put("migrations", migrations);
    reply.put("pending", result.pending());
    return reply;
  }
}
