package dev.dbmigrate.engine;

import java.util.List;

/**
 * What a run that changes the schema did.
 *
 * @param batch the batch the run applied (or reverted); 0 when it did nothing
 * @param executed the migrations run, in order
 * @param pending migrations still pending after the run
 * @param stoppedAtBaseline a revert that stopped at this baseline row (the schema was there before
 *     dbmigrate, so it is never reverted); null when it did not stop at one
 */
public record RunResult(
    int batch, List<ExecutedMigration> executed, List<String> pending, String stoppedAtBaseline) {

  public RunResult(int batch, List<ExecutedMigration> executed, List<String> pending) {
    this(batch, executed, pending, null);
  }

  public boolean nothingToDo() {
    return executed.isEmpty();
  }
}
