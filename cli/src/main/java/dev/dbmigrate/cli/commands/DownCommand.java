package dev.dbmigrate.cli.commands;

import dev.dbmigrate.engine.DryRun;
import dev.dbmigrate.engine.DryRunResult;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description = "Revert the last applied migration, or the named one.")
final class DownCommand extends RunCommand {

  @Parameters(
      arity = "0..1",
      paramLabel = "<name>",
      description = "Migration name or its description part.")
  String name;

  @Override
  RunResult run(Migrator migrator) {
    return migrator.down(name);
  }

  @Override
  DryRunResult dryRun(DryRun dryRun) {
    return dryRun.down(name);
  }

  @Override
  String nothingToDo() {
    return "Already at the base migration";
  }
}
