package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.ExitCodes;
import dev.dbmigrate.cli.config.Settings;
import dev.dbmigrate.engine.CheckSettings;
import dev.dbmigrate.engine.DriftResult;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.Migrator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "drift",
    mixinStandardHelpOptions = true,
    description = {
      "Compare the database's schema with what its applied migrations build: they run on a"
          + " scratch database on the same server (created with a unique name and dropped at the"
          + " end), and whatever was added, removed or changed outside migrations is listed.",
      "Reads the target and changes nothing there. Exits 19 when the schema drifted."
    })
final class DriftCommand extends DatabaseCommand {

  @Mixin CheckOptions check;

  @Override
  int execute(Migrator migrator, Settings settings) {
    DriftResult result =
        migrator.drift(new CheckSettings(scratchServer(), check.scratchDatabase, check.privileges));
    CheckRendering.drift(target(), result, json(), out());
    return result.drifted() ? ExitCodes.of(ErrorCode.DRIFT) : ExitCodes.OK;
  }

  @Override
  boolean createsDefaultDatabase() {
    return false;
  }
}
