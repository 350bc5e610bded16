package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.config.Settings;
import dev.dbmigrate.cli.fleet.FleetOptions;
import dev.dbmigrate.engine.DryRun;
import dev.dbmigrate.engine.DryRunResult;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.RunResult;
import dev.dbmigrate.engine.lint.LintResult;
import dev.dbmigrate.engine.lint.Linter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "latest",
    mixinStandardHelpOptions = true,
    description = {
      "Apply every pending migration, in order, as one new batch.",
      "With --fleet <file> or --fleet-envs <pattern>, on every target of a fleet: --parallel at a"
          + " time, each under its own lock, one line per target and a summary; the exit code is"
          + " the worst target's."
    })
final class LatestCommand extends RunCommand {

  @Option(
      names = "--allow-out-of-order",
      description = "Also run pending migrations older than the newest applied one.")
  boolean allowOutOfOrder;

  @Option(
      names = "--lint",
      description =
          "First lint the pending migrations; refuse to run anything (exit 16) when one"
              + " breaks an error-severity rule that is not silenced with @AllowUnsafe.")
  boolean lint;

  @Mixin FleetOptions fleet;

  @Override
  FleetOptions fleet() {
    return fleet;
  }

  @Override
  void beforeFleetRun(Migrator migrator) {
    if (lint) {
      migrator.lintPending().requireSafe();
    }
  }

  @Override
  RunResult run(Migrator migrator) {
    return migrator.latest();
  }

  @Override
  DryRunResult dryRun(DryRun dryRun) {
    return dryRun.latest();
  }

  @Override
  String nothingToDo() {
    return "Already up to date";
  }

  @Override
  void beforeRun(Migrator migrator, Settings settings) {
    if (!lint) {
      return;
    }
    LintResult result =
        preview.offline ? new Linter(engine).lintAll(source) : migrator.lintPending();
    if (!result.findings().isEmpty()) {
      new LintRendering(SourceLocator.of(this, settings)).text(result, progress());
    }
    result.requireSafe();
  }

  @Override
  void addFlags(Map<String, String> flags) {
    if (allowOutOfOrder) {
      flags.put("allow-out-of-order", "true");
    }
  }
}
