package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.ExitCodes;
import dev.dbmigrate.cli.config.Settings;
import dev.dbmigrate.engine.Migrator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "up", mixinStandardHelpOptions = true,
    description = "Apply the next pending migration, or the named one, as a new batch.")
final class UpCommand extends DatabaseCommand {

  @Parameters(arity = "0..1", paramLabel = "<name>",
      description = "Migration name (e.g. 20261124160632_CreateInitialDemoTable) or its description part.")
  String name;

  @Override
  int execute(Migrator migrator, Settings settings) {
    RunRendering.print("up", migrator.up(name), json(), out(), "Already up to date");
    return ExitCodes.OK;
  }
}
