package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.ExitCodes;
import dev.dbmigrate.cli.Json;
import dev.dbmigrate.cli.config.Settings;
import dev.dbmigrate.engine.HistoryStatus;
import dev.dbmigrate.engine.MigrationState;
import dev.dbmigrate.engine.MigrationStatus;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.StatusResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List completed and pending migrations, the way knex migrate:list does.")
final class ListCommand extends DatabaseCommand {

  @Override
  int execute(Migrator migrator, Settings settings) {
    StatusResult status = migrator.status();
    List<String> completed = status.applied().stream().map(MigrationStatus::name).toList();
    List<String> pending = status.pending().stream().map(MigrationStatus::name).toList();
    PrintWriter out = out();
    if (json()) {
      Map<String, Object> reply = Json.object();
      reply.put("command", "list");
      reply.put("success", true);
      reply.put("target", targetJson());
      reply.put("completed", completed);
      reply.put("pending", pending);
      reply.put("adopted", withStatus(status, HistoryStatus.ADOPTED));
      reply.put("baseline", withStatus(status, HistoryStatus.BASELINE));
      out.println(Json.write(reply));
    } else {
      // A failed or interrupted migration has a row, so it is listed as completed, marked.
      section(out, status.applied().stream().map(ListCommand::how).toList(), "Completed");
      section(out, pending, "Pending");
      if (files.foundNone() && completed.isEmpty()) {
        out.println(noMigrationsFound());
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** Completed migrations another tool ran, or that were recorded without running. */
  private static List<String> withStatus(StatusResult status, HistoryStatus wanted) {
    return status.applied().stream()
        .filter(s -> s.applied().status() == wanted)
        .map(MigrationStatus::name)
        .toList();
  }

  private static String how(MigrationStatus s) {
    if (s.state() == MigrationState.FAILED || s.state() == MigrationState.RUNNING) {
      return s.name()
          + " ("
          + s.state().name().toLowerCase(Locale.ROOT)
          + ": needs attention, see 'dbmigrate status')";
    }
    HistoryStatus st = s.applied().status();
    return st == HistoryStatus.ADOPTED || st == HistoryStatus.BASELINE
        ? s.name() + " (" + st.dbValue() + ")"
        : s.name();
  }

  private static void section(PrintWriter out, List<String> names, String what) {
    out.println(
        names.isEmpty()
            ? "No " + what + " Migration files Found."
            : "Found " + names.size() + " " + what + " Migration file/files.");
    names.forEach(n -> out.println("  " + n));
  }

  @Override
  boolean createsDefaultDatabase() {
    return false;
  }
}
