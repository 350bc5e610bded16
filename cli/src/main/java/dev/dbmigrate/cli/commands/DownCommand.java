package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.ExitCodes;
import dev.dbmigrate.cli.config.Settings;
import dev.dbmigrate.engine.Migrator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "down", mixinStandardHelpOptions = true,
    description = "Revert the last applied migration, or the named one.")
final class DownCommand extends DatabaseCommand {

  @Parameters(arity = "0..1", paramLabel = "<name>",
      description = "Migration name or its description part.")
  String name;

  @Override
  int execute(Migrator migrator, Settings settings) {
    RunRendering.print("down", migrator.down(name), json(), out(), "Already at the base migration");
    return ExitCodes.OK;
  }
}
