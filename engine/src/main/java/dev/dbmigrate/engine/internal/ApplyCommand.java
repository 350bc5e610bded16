package dev.dbmigrate.engine.internal;

import dev.dbmigrate.engine.Direction;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.ExecutedMigration;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigrationStatus;
import dev.dbmigrate.engine.RunResult;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code latest} and {@code up}: applies pending migrations in order as one new batch. Each
 * migration commits with its history row, so a failure keeps the ones before it and stops.
 */
public final class ApplyCommand {

  private final RunContext run;

  public ApplyCommand(RunContext run) {
    this.run = run;
  }

  /** Applies every pending migration. */
  public RunResult latest() {
    return apply(selectLatest());
  }

  /** Applies the next pending migration, or the named one. */
  public RunResult up(String name) {
    return apply(selectUp(name));
  }

  /** What {@link #latest} applies, in order, after the checks that may refuse the run. */
  public List<MigrationStatus> selectLatest() {
    run.plan().validateForApply(run.config().allowOutOfOrder(), run.historyTable());
    return run.plan().pending();
  }

  /** What {@link #up} applies, after the checks that may refuse the run. */
  public List<MigrationStatus> selectUp(String name) {
    run.plan().validateForApply(run.config().allowOutOfOrder() || name != null, run.historyTable());
    List<MigrationStatus> pending = run.plan().pending();
    if (name == null) {
      return pending.isEmpty() ? List.of() : pending.subList(0, 1);
    }
    MigrationStatus target =
        pending.stream()
            .filter(s -> s.name().equals(name) || s.name().endsWith("_" + name))
            .findFirst()
            .orElseThrow(() -> notPending(name));
    return List.of(target);
  }

  private MigrationException notPending(String name) {
    return run.plan().statuses().stream()
        .filter(s -> s.applied() != null)
        .filter(s -> s.name().equals(name) || s.name().endsWith("_" + name))
        .findFirst()
        .map(
            s ->
                new MigrationException(
                    ErrorCode.NOT_FOUND,
                    s.name(),
                    "migration "
                        + s.name()
                        + " is already applied (batch "
                        + s.applied().batch()
                        + (s.applied().appliedAt() == null ? "" : ", " + s.applied().appliedAt())
                        + (s.applied().appliedBy() == null || s.applied().appliedBy().isEmpty()
                            ? ""
                            : ", by " + s.applied().appliedBy())
                        + "); 'dbmigrate down "
                        + name
                        + "' reverts it",
                    null))
        .orElseGet(
            () ->
                new MigrationException(
                    ErrorCode.NOT_FOUND,
                    name,
                    "no pending migration is named " + name + "; 'dbmigrate list' shows the names",
                    null));
  }

  private RunResult apply(List<MigrationStatus> todo) {
    List<String> remaining =
        new ArrayList<>(run.plan().pending().stream().map(MigrationStatus::name).toList());
    if (todo.isEmpty()) {
      return new RunResult(0, List.of(), remaining);
    }
    int batch = run.plan().lastBatch() + 1;
    List<MigrationExecutor.Step> steps =
        todo.stream()
            .map(s -> new MigrationExecutor.Step(run.plan().code(s.name()), Direction.UP, batch))
            .toList();
    List<ExecutedMigration> executed = run.executor().runAll(steps);
    executed.forEach(e -> remaining.remove(e.name()));
    return new RunResult(batch, List.copyOf(executed), List.copyOf(remaining));
  }
}
