package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.ExitCodes;
import dev.dbmigrate.cli.config.Settings;
import dev.dbmigrate.cli.fleet.FleetOperation;
import dev.dbmigrate.cli.fleet.TargetOutcomes;
import dev.dbmigrate.engine.DryRun;
import dev.dbmigrate.engine.DryRunResult;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.RunResult;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;

/**
 * latest, rollback, up and down: run the operation, or with {@code --dry-run} show what it would
 * send. Subclasses name the operation on the migrator and on the dry run.
 */
abstract class RunCommand extends DatabaseCommand {

  @Mixin DryRunOptions preview;

  abstract RunResult run(Migrator migrator);

  abstract DryRunResult dryRun(DryRun dryRun);

  /** What to print when there is nothing to do. */
  abstract String nothingToDo();

  /** What to print when there is nothing to do, once the run has listed the migrations. */
  private String nothing() {
    return files.foundNone() ? noMigrationsFound() : nothingToDo();
  }

  /** Checks before anything runs, dry or not; {@code latest --lint} refuses here. */
  void beforeRun(Migrator migrator, Settings settings) {}

  @Override
  boolean createsDefaultDatabase() {
    return !preview.dryRun;
  }

  @Override
  boolean needsDatabase() {
    return !preview.offline;
  }

  /** On each target of a fleet: the run, or with --dry-run what it would send. */
  @Override
  FleetOperation fleetOperation() {
    return (migrator, database, settings) -> {
      if (preview.dryRun) {
        DryRunResult result = dryRun(migrator.dryRun());
        return TargetOutcomes.dryRun(spec.name(), database.target(), result);
      }
      beforeFleetRun(migrator);
      RunResult result = run(migrator);
      return TargetOutcomes.run(spec.name(), database.target(), result);
    };
  }

  /** Checks on one target of a fleet before it runs; {@code latest --lint} refuses here. */
  void beforeFleetRun(Migrator migrator) {}

  @Override
  final int execute(Migrator migrator, Settings settings) {
    if (preview.offline && !preview.dryRun) {
      throw new ParameterException(
          spec.commandLine(),
          "--offline needs --dry-run: a run that applies migrations needs the database");
    }
    beforeRun(migrator, settings);
    if (preview.dryRun) {
      DryRun dryRun =
          preview.offline
              ? DryRun.offline(source, engine, "jdbc:" + settings.connection().scheme() + ":")
              : migrator.dryRun();
      DryRunResult result = dryRun(dryRun);
      DryRunRendering.print(spec.name(), target(), result, json(), out(), nothing());
    } else {
      RunResult result = run(migrator);
      RunRendering.print(spec.name(), target(), result, json(), out(), nothing());
    }
    return ExitCodes.OK;
  }
}
