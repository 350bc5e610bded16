package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.ExitCodes;
import dev.dbmigrate.cli.config.Settings;
import dev.dbmigrate.engine.Migrator;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "latest", mixinStandardHelpOptions = true,
    description = "Apply every pending migration, in order, as one new batch.")
final class LatestCommand extends DatabaseCommand {

  @Option(names = "--allow-out-of-order",
      description = "Also run pending migrations older than the newest applied one.")
  boolean allowOutOfOrder;

  @Override
  int execute(Migrator migrator, Settings settings) {
    RunRendering.print("latest", migrator.latest(), json(), out(), "Already up to date");
    return ExitCodes.OK;
  }

  @Override
  void addFlags(Map<String, String> flags) {
    if (allowOutOfOrder) {
      flags.put("allow-out-of-order", "true");
    }
  }
}
