package dev.dbmigrate.cli.fleet;

import dev.dbmigrate.cli.config.Settings;
import dev.dbmigrate.cli.db.Database;
import dev.dbmigrate.engine.Migrator;

/** What a command does on each target of a fleet; the fleet runs it once per target. */
@FunctionalInterface
public interface FleetOperation {

  /**
   * Runs on one target's migrator and says what came of it. A failure is thrown, as a {@code
   * MigrationException}; the fleet records it for that target.
   *
   * @param database the target's connections: {@link Database#target()} says what the migrator
   *     connected to (null before it did), {@link Database#onDatabase} reaches another database of
   *     the target's server, as {@code test}'s scratch database
   * @param settings the target's settings: the command line's with the target's own on top
   */
  TargetOutcome run(Migrator migrator, Database database, Settings settings);
}
