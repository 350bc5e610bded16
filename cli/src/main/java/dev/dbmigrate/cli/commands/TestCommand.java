package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.ExitCodes;
import dev.dbmigrate.cli.config.Settings;
import dev.dbmigrate.cli.fleet.FleetOperation;
import dev.dbmigrate.cli.fleet.FleetOptions;
import dev.dbmigrate.cli.fleet.TargetOutcomes;
import dev.dbmigrate.engine.CheckSettings;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.TestResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = {
      "Test every migration's down: on a scratch database, each migration in order goes up, down"
          + " and up again, and the schema after the down must be the one from before the up,"
          + " the schema after the second up the one from after the first.",
      "The scratch database is created on the target's server with a unique name and dropped at"
          + " the end; the target itself is not changed. Exits 18 naming the first migration"
          + " that fails, with what differs.",
      "With --fleet <file> or --fleet-envs <pattern>, on every target's server (with its tenant"
          + " schema as the search path): one line per target (passed or failed) and a summary;"
          + " the exit code is the worst target's."
    })
final class TestCommand extends DatabaseCommand {

  @Option(
      names = "--from",
      paramLabel = "<migration>",
      description =
          "Migrate the scratch database up to this migration (name, description or timestamp)"
              + " without testing, then test only the ones after it: for a pull request's new"
              + " migrations.")
  String from;

  @Mixin CheckOptions check;

  @Mixin FleetOptions fleet;

  @Override
  FleetOptions fleet() {
    return fleet;
  }

  /** On each target of a fleet: the same test on a scratch database of that target's server. */
  @Override
  FleetOperation fleetOperation() {
    if (check.scratchDatabase != null) {
      throw new ParameterException(
          spec.commandLine(),
          "--scratch-database names one database on one server; with a fleet each target's test"
              + " creates and drops its own scratch database on that target's server");
    }
    return (migrator, database, settings) -> {
      TestResult result =
          migrator.test(from, new CheckSettings(database::onDatabase, null, check.privileges));
      return TargetOutcomes.test(database.target(), result);
    };
  }

  /** The targets are not changed: only scratch databases are made on their servers. */
  @Override
  boolean fleetChangesSchema() {
    return false;
  }

  @Override
  int execute(Migrator migrator, Settings settings) {
    TestResult result =
        migrator.test(
            from, new CheckSettings(scratchServer(), check.scratchDatabase, check.privileges));
    CheckRendering.test(target(), result, json(), out());
    return result.passed() ? ExitCodes.OK : ExitCodes.of(ErrorCode.TEST_FAILED);
  }
}
