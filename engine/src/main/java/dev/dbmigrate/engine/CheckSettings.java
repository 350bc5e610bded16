package dev.dbmigrate.engine;

/**
 * How {@code test} and {@code drift} work on their scratch database.
 *
 * @param server where the scratch database lives: the target's server
 * @param scratchDatabase an existing, empty database to build in, which is neither created nor
 *     dropped (for a login that may not create databases); null to create a fresh one with a unique
 *     name and drop it at the end, whatever happens
 * @param privileges compare owners and grants too, not only the objects
 */
public record CheckSettings(ScratchServer server, String scratchDatabase, boolean privileges) {

  public CheckSettings {
    if (server == null) {
      throw new MigrationException(ErrorCode.INTERNAL, "no scratch server given");
    }
    if (scratchDatabase != null && scratchDatabase.isBlank()) {
      scratchDatabase = null;
    }
  }
}
