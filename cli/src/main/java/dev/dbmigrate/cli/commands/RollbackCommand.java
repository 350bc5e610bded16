package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.ExitCodes;
import dev.dbmigrate.cli.config.Settings;
import dev.dbmigrate.engine.Migrator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rollback", mixinStandardHelpOptions = true,
    description = "Revert the last batch of migrations, newest first.")
final class RollbackCommand extends DatabaseCommand {

  @Option(names = {"-a", "--all"}, description = "Revert every applied migration, not only the last batch.")
  boolean all;

  @Override
  int execute(Migrator migrator, Settings settings) {
    RunRendering.print("rollback", migrator.rollback(all), json(), out(), "Already at the base migration");
    return ExitCodes.OK;
  }
}
