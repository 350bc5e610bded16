package dev.dbmigrate.engine.internal;

import dev.dbmigrate.engine.AppliedMigration;
import dev.dbmigrate.engine.AvailableMigration;
import dev.dbmigrate.engine.Direction;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.ExecutedMigration;
import dev.dbmigrate.engine.HistoryStatus;
import dev.dbmigrate.engine.Migration;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigrationStatus;
import dev.dbmigrate.engine.RunResult;
import dev.dbmigrate.engine.SqlMigration;
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
    List<AppliedMigration> todo = selectRollback(all);
    int batch = todo.isEmpty() ? 0 : all ? 0 : run.plan().lastBatch();
    return revert(todo, batch, baselineAfter(rollbackCandidates(all), todo));
  }

  /** Reverts the last applied migration, or the named one. */
  public RunResult down(String name) {
    List<AppliedMigration> todo = selectDown(name);
    return revert(
        todo,
        name == null || todo.isEmpty() ? 0 : todo.get(0).batch(),
        name == null ? baselineAfter(run.plan().historyNewestFirst(), todo) : null);
  }

  /**
   * What {@link #rollback} reverts, newest first, after the checks that may refuse the run. It
   * stops at a baseline: that schema was there before dbmigrate, so it is never reverted.
   */
  public List<AppliedMigration> selectRollback(boolean all) {
    run.plan().validateApplied(run.historyTable());
    return reversible(untilBaseline(rollbackCandidates(all)));
  }

  private List<AppliedMigration> rollbackCandidates(boolean all) {
    return all ? run.plan().historyNewestFirst() : run.plan().lastBatchNewestFirst();
  }

  /** What {@link #down} reverts, after the checks that may refuse the run. */
  public List<AppliedMigration> selectDown(String name) {
    run.plan().validateApplied(run.historyTable());
    List<AppliedMigration> newestFirst = run.plan().historyNewestFirst();
    if (name == null) {
      return reversible(
          untilBaseline(newestFirst.isEmpty() ? List.of() : newestFirst.subList(0, 1)));
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
    if (target.status() == HistoryStatus.BASELINE) {
      throw new MigrationException(
          ErrorCode.NOT_FOUND,
          target.name(),
          "migration "
              + target.name()
              + " is a baseline: it was recorded without running because the schema was already"
              + " there, so dbmigrate never reverts it (nor anything older). To take it back,"
              + " undo its schema by hand and delete its row: DELETE FROM "
              + run.historyTable()
              + " WHERE name = '"
              + target.name()
              + "'",
          null);
    }
    return reversible(List.of(target));
  }

  /**
   * {@code todo}, after checking that each can be reverted: a run that would revert a migration
   * without a down (a SQL migration without its .down.sql) refuses before reverting anything.
   */
  private List<AppliedMigration> reversible(List<AppliedMigration> todo) {
    for (AppliedMigration row : todo) {
      AvailableMigration code = run.plan().code(row.name());
      Migration migration = code == null ? null : code.load();
      if (migration != null && !migration.reversible()) {
        String why =
            migration instanceof SqlMigration
                ? "it has no down file ("
                    + code.name().downFileName()
                    + " beside "
                    + code.origin()
                    + "); nothing was reverted. Write the down file, then run again"
                : "its reversible() says so (" + code.origin() + "); nothing was reverted";
        throw new MigrationException(
            ErrorCode.NOT_FOUND,
            row.name(),
            "migration " + row.name() + " cannot be rolled back: " + why,
            null);
      }
    }
    return todo;
  }

  private static List<AppliedMigration> untilBaseline(List<AppliedMigration> newestFirst) {
    return newestFirst.stream().takeWhile(r -> r.status() != HistoryStatus.BASELINE).toList();
  }

  /** The baseline a revert of {@code todo} out of {@code candidates} stopped at, or null. */
  private static String baselineAfter(
      List<AppliedMigration> candidates, List<AppliedMigration> todo) {
    return candidates.size() > todo.size()
            && candidates.get(todo.size()).status() == HistoryStatus.BASELINE
        ? candidates.get(todo.size()).name()
        : null;
  }

  private RunResult revert(List<AppliedMigration> todo, int batch, String stoppedAt) {
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
    return new RunResult(batch, List.copyOf(executed), List.copyOf(pending), stoppedAt);
  }
}
