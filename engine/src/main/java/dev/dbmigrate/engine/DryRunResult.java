package dev.dbmigrate.engine;

import java.util.List;

/**
 * What a run would do, found without doing it: no lock was taken and nothing was written.
 *
 * @param offline true when no database was used and the history was assumed empty
 * @param batch the batch the run would apply (or revert); 0 when it would do nothing
 * @param setup statements the run sends first, to create the history table that does not exist yet;
 *     empty when it exists
 * @param migrations the migrations that would run, in order
 * @param pending migrations that would still be pending after the run
 */
public record DryRunResult(
    boolean offline,
    int batch,
    List<String> setup,
    List<PlannedMigration> migrations,
    List<String> pending) {

  public boolean nothingToDo() {
    return migrations.isEmpty();
  }
}
