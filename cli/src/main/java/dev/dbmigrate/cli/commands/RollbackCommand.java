package dev.dbmigrate.cli.commands;

import dev.dbmigrate.engine.DryRun;
import dev.dbmigrate.engine.DryRunResult;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = "Revert the last batch of migrations, newest first.")
final class RollbackCommand extends RunCommand {

  @Option(
      names = {"-a", "--all"},
      description = "Revert every applied migration, not only the last batch.")
  boolean all;

  @Override
  RunResult run(Migrator migrator) {
    return migrator.rollback(all);
  }

  @Override
  DryRunResult dryRun(DryRun dryRun) {
    return dryRun.rollback(all);
  }

  @Override
  String nothingToDo() {
    return "Already at the base migration";
  }
}
