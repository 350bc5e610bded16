package dev.dbmigrate.engine.internal;

import dev.dbmigrate.engine.AppliedMigration;
import dev.dbmigrate.engine.Direction;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.ExecutedMigration;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigrationStatus;
import dev.dbmigrate.engine.RunResult;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code rollback} and {@code down}: reverts applied migrations newest first, each in its own
 * transaction together with the removal of its history row.
 */
public final class RevertCommand {

  private final RunContext run;

  public RevertCommand(RunContext run) {
    this.run = run;
  }

  /** Reverts the last batch, or every batch when {@code all}. */
  public RunResult rollback(boolean all) {
    return revert(selectRollback(all), all ? 0 : run.plan().lastBatch());
  }

  /** Reverts the last applied migration, or the named one. */
  public RunResult down(String name) {
    List<AppliedMigration> todo = selectDown(name);
    return revert(todo, name == null ? 0 : todo.get(0).batch());
  }

  /** What {@link #rollback} reverts, newest first, after the checks that may refuse the run. */
  public List<AppliedMigration> selectRollback(boolean all) {
    run.plan().validateApplied(run.historyTable());
    return all ? run.plan().historyNewestFirst() : run.plan().lastBatchNewestFirst();
  }

  /** What {@link #down} reverts, after the checks that may refuse the run. */
  public List<AppliedMigration> selectDown(String name) {
    run.plan().validateApplied(run.historyTable());
    List<AppliedMigration> newestFirst = run.plan().historyNewestFirst();
    if (name == null) {
      return newestFirst.isEmpty() ? List.of() : newestFirst.subList(0, 1);
    }
    AppliedMigration target =
        newestFirst.stream()
            .filter(r -> r.name().equals(name) || r.name().endsWith("_" + name))
            .findFirst()
            .orElseThrow(
                () ->
                    new MigrationException(
                        ErrorCode.NOT_FOUND,
                        name,
                        "no applied migration is named "
                            + name
                            + "; 'dbmigrate list' shows the names",
                        null));
    return List.of(target);
  }

  private RunResult revert(List<AppliedMigration> todo, int batch) {
    List<ExecutedMigration> executed =
        run.executor()
            .runAll(
                todo.stream()
                    .map(
                        row ->
                            new MigrationExecutor.Step(
                                run.plan().code(row.name()), Direction.DOWN, row.batch()))
                    .toList());
    List<String> pending =
        new ArrayList<>(run.plan().pending().stream().map(MigrationStatus::name).toList());
    executed.forEach(e -> pending.add(e.name()));
    pending.sort(String::compareTo);
    return new RunResult(batch, List.copyOf(executed), List.copyOf(pending));
  }
}
