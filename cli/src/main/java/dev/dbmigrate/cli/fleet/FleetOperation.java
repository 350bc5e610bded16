package dev.dbmigrate.cli.fleet;

import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.settings.Target;
import java.util.function.Supplier;

/** What a command does on each target of a fleet; the fleet runs it once per target. */
@FunctionalInterface
public interface FleetOperation {

  /**
   * Runs on one target's migrator and says what came of it. A failure is thrown, as a {@code
   * MigrationException}; the fleet records it for that target.
   *
   * @param connected what the migrator connected to; ask after the run, null before
   */
  TargetOutcome run(Migrator migrator, Supplier<Target> connected);
}
