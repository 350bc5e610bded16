package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.ExitCodes;
import dev.dbmigrate.cli.config.Settings;
import dev.dbmigrate.engine.CheckSettings;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.TestResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = {
      "Test every migration's down: on a scratch database, each migration in order goes up, down"
          + " and up again, and the schema after the down must be the one from before the up,"
          + " the schema after the second up the one from after the first.",
      "The scratch database is created on the target's server with a unique name and dropped at"
          + " the end; the target itself is not changed. Exits 18 naming the first migration"
          + " that fails, with what differs."
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

  @Override
  int execute(Migrator migrator, Settings settings) {
    TestResult result =
        migrator.test(
            from, new CheckSettings(scratchServer(), check.scratchDatabase, check.privileges));
    CheckRendering.test(target(), result, json(), out());
    return result.passed() ? ExitCodes.OK : ExitCodes.of(ErrorCode.TEST_FAILED);
  }
}
