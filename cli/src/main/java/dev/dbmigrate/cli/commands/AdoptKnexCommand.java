package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.config.Settings;
import dev.dbmigrate.engine.KnexAdoption;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.OtherToolTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "knex",
    mixinStandardHelpOptions = true,
    description = {
      "Adopt knex's history: each knex_migrations row (a file name such as"
          + " 20211004160632_CreateInitialDemoTable.js) is recorded as the migration here with the"
          + " same timestamp and description, keeping knex's batch and time, with status adopted"
          + " and the checksum of the code as it is now, so later runs verify it.",
      "Refuses while knex_migrations_lock is locked, and when knex rows name no migration here or"
          + " migrations older than adopted ones were never run by knex, unless told otherwise."
          + " Knex's tables are only read.",
    })
final class AdoptKnexCommand extends DatabaseCommand {

  @Option(
      names = "--knex-table",
      paramLabel = "<name>",
      defaultValue = OtherToolTable.KNEX_TABLE,
      description = "knex's tableName (default: ${DEFAULT-VALUE}); its lock table is <name>_lock.")
  String knexTable;

  @Option(
      names = "--knex-schema",
      paramLabel = "<schema>",
      description = "knex's schemaName (default: the connection's current schema).")
  String knexSchema;

  @Option(
      names = "--skip-unmatched",
      description = "Adopt anyway when knex rows name no migration here; leave those rows out.")
  boolean skipUnmatched;

  @Option(
      names = "--allow-gaps",
      description =
          "Adopt anyway when migrations older than adopted ones were never run by knex; they stay"
              + " pending, and latest needs --allow-out-of-order to run them.")
  boolean allowGaps;

  @Option(
      names = "--dry-run",
      description = "Show the history rows that would be written; write nothing, take no lock.")
  boolean dryRun;

  @Override
  int execute(Migrator migrator, Settings settings) {
    KnexAdoption options =
        new KnexAdoption(new OtherToolTable(knexSchema, knexTable), skipUnmatched, allowGaps);
    return AdoptionRendering.print(
        "adopt knex", migrator.adoptKnex(options, dryRun), json(), out());
  }
}
