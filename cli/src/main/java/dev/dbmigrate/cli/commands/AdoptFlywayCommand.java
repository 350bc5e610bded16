package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.config.Settings;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.OtherToolTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "flyway",
    mixinStandardHelpOptions = true,
    description = {
      "Adopt Flyway's history: its successful versioned migrations become one baseline row,"
          + " <when Flyway last ran>_FlywayBaseline_V<version>, standing for the schema as Flyway"
          + " left it. New work goes on as dbmigrate migrations after it; rollback never reverts"
          + " it.",
      "Refuses when Flyway recorded a failed migration; reports repeatable migrations. Flyway's"
          + " table is only read.",
    })
final class AdoptFlywayCommand extends DatabaseCommand {

  @Option(
      names = "--flyway-table",
      paramLabel = "<name>",
      defaultValue = OtherToolTable.FLYWAY_TABLE,
      description = "Flyway's table (default: ${DEFAULT-VALUE}).")
  String flywayTable;

  @Option(
      names = "--flyway-schema",
      paramLabel = "<schema>",
      description =
          "The schema of Flyway's table, the first of Flyway's schemas (default: the connection's"
              + " current schema).")
  String flywaySchema;

  @Option(
      names = "--dry-run",
      description = "Show the history row that would be written; write nothing, take no lock.")
  boolean dryRun;

  @Override
  int execute(Migrator migrator, Settings settings) {
    return AdoptionRendering.print(
        "adopt flyway",
        migrator.adoptFlyway(new OtherToolTable(flywaySchema, flywayTable), dryRun),
        json(),
        out());
  }
}
