package dev.dbmigrate.engine;

import dev.dbmigrate.engine.schema.SchemaDiff;
import java.util.List;

/**
 * What {@code drift} found.
 *
 * @param scratchDatabase where the applied migrations were run (dropped by now unless given)
 * @param applied the applied migrations, in the order they were run there
 * @param diff the live schema against the one they build: added, removed or changed outside
 *     migrations
 */
public record DriftResult(String scratchDatabase, List<String> applied, SchemaDiff diff) {

  public DriftResult {
    applied = List.copyOf(applied);
  }

  public boolean drifted() {
    return !diff.isEmpty();
  }
}
