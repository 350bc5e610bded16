package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.config.Settings;
import dev.dbmigrate.engine.Migrator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "baseline",
    mixinStandardHelpOptions = true,
    description = {
      "For a database that already has the schema but no history: record every migration up to"
          + " and including the named one as applied, without running it (status baseline), in"
          + " one transaction. Refuses when any history exists. rollback never reverts a"
          + " baseline.",
    })
final class BaselineCommand extends DatabaseCommand {

  @Parameters(
      paramLabel = "<migration>",
      description =
          "The newest migration the schema already has: its full name (e.g."
              + " 20261124160632_CreateInitialDemoTable) or its description.")
  String migration;

  @Option(
      names = "--dry-run",
      description = "Show the history rows that would be written; write nothing, take no lock.")
  boolean dryRun;

  @Override
  int execute(Migrator migrator, Settings settings) {
    return AdoptionRendering.print("baseline", migrator.baseline(migration, dryRun), json(), out());
  }
}
