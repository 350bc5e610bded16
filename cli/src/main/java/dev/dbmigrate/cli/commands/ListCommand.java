package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.ExitCodes;
import dev.dbmigrate.cli.Json;
import dev.dbmigrate.cli.config.Settings;
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
      reply.put("completed", completed);
      reply.put("pending", pending);
      out.println(Json.write(reply));
    } else {
      // A failed or interrupted migration has a row, so it is listed as completed, marked.
      section(
          out,
          status.applied().stream()
              .map(
                  m ->
                      m.state() == MigrationState.FAILED || m.state() == MigrationState.RUNNING
                          ? m.name()
                              + " ("
                              + m.state().name().toLowerCase(Locale.ROOT)
                              + ": needs attention, see 'dbmigrate status')"
                          : m.name())
              .toList(),
          "Completed");
      section(out, pending, "Pending");
      if (files.foundNone() && completed.isEmpty()) {
        out.println(noMigrationsFound());
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static void section(PrintWriter out, List<String> names, String what) {
    out.println(
        names.isEmpty()
            ? "No " + what + " Migration files Found."
            : "Found " + names.size() + " " + what + " Migration file/files.");
    names.forEach(n -> out.println("  " + n));
  }
}
