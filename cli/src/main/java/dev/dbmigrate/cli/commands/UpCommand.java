package dev.dbmigrate.cli.commands;

import dev.dbmigrate.engine.DryRun;
import dev.dbmigrate.engine.DryRunResult;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = "Apply the next pending migration, or the named one, as a new batch.")
final class UpCommand extends RunCommand {

  @Parameters(
      arity = "0..1",
      paramLabel = "<name>",
      description =
          "Migration name (e.g. 20261124160632_CreateInitialDemoTable) or its description part.")
  String name;

  @Override
  RunResult run(Migrator migrator) {
    return migrator.up(name);
  }

  @Override
  DryRunResult dryRun(DryRun dryRun) {
    return dryRun.up(name);
  }

  @Override
  String nothingToDo() {
    return "Already up to date";
  }
}
