package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.ExitCodes;
import dev.dbmigrate.cli.Json;
import dev.dbmigrate.cli.config.Settings;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.RepairResult;
import dev.dbmigrate.engine.RepairResult.ChecksumChange;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "repair",
    mixinStandardHelpOptions = true,
    description = {
      "Accept edited applied migrations by recording their current checksum (the old one is"
          + " printed), and clear migrations that failed part-way, or whose run ended while they"
          + " ran, outside a transaction, so the"
          + " next run applies them again.",
    })
final class RepairCommand extends DatabaseCommand {

  @Option(
      names = "--mark-applied",
      description =
          "Record failed or interrupted migrations as applied instead, because you finished"
              + " them by hand.")
  boolean markApplied;

  @Override
  int execute(Migrator migrator, Settings settings) {
    RepairResult result = migrator.repair(markApplied);
    PrintWriter out = out();
    if (json()) {
      Map<String, Object> reply = Json.object();
      reply.put("command", "repair");
      reply.put("success", true);
      reply.put("target", targetJson());
      List<Object> realigned = Json.array();
      for (ChecksumChange c : result.realigned()) {
        Map<String, Object> m = Json.object();
        m.put("name", c.name());
        m.put("oldChecksum", c.recorded());
        m.put("newChecksum", c.current());
        realigned.add(m);
      }
      reply.put("realigned", realigned);
      reply.put("removedFailed", result.removedFailed());
      reply.put("markedApplied", result.markedApplied());
      out.println(Json.write(reply));
    } else if (result.nothingToDo()) {
      out.println("Nothing to repair.");
    } else {
      for (ChecksumChange c : result.realigned()) {
        out.println(
            "Accepted edit of " + c.name() + ": checksum " + c.recorded() + " -> " + c.current());
      }
      result
          .removedFailed()
          .forEach(
              n ->
                  out.println(
                      "Cleared failed or interrupted " + n + "; the next run applies it again"));
      result.markedApplied().forEach(n -> out.println("Marked " + n + " as applied"));
    }
    out.flush();
    return ExitCodes.OK;
  }
}
