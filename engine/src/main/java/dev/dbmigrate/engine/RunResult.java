package dev.dbmigrate.engine;

import java.util.List;

/**
 * What a run that changes the schema did.
 *
 * @param batch the batch the run applied (or reverted); 0 when it did nothing
 * @param executed the migrations run, in order
 * @param pending migrations still pending after the run
 */
public record RunResult(int batch, List<ExecutedMigration> executed, List<String> pending) {

  public boolean nothingToDo() {
    return executed.isEmpty();
  }
}
