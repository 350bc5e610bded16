package dev.dbmigrate.engine;

import java.util.function.Supplier;

/**
 * A migration found in the code, not yet loaded.
 *
 * @param name its identity
 * @param checksum {@link SourceChecksum} of its source
 * @param origin where it was found (file path or class name), for messages
 * @param loader creates an instance; may throw {@link MigrationException}
 */
public record AvailableMigration(
    MigrationName name, String checksum, String origin, Supplier<Migration> loader) {

  public Migration load() {
    return loader.get();
  }
}
