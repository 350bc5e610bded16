package dev.dbmigrate.engine.internal;

import dev.dbmigrate.engine.AppliedMigration;
import dev.dbmigrate.engine.AvailableMigration;
import dev.dbmigrate.engine.Direction;
import dev.dbmigrate.engine.DryRunResult;
import dev.dbmigrate.engine.HistoryStatus;
import dev.dbmigrate.engine.Migration;
import dev.dbmigrate.engine.MigrationListener;
import dev.dbmigrate.engine.MigrationStatus;
import dev.dbmigrate.engine.MigratorConfig;
import dev.dbmigrate.engine.PlannedMigration;
import dev.dbmigrate.engine.PlannedStatement;
import dev.dbmigrate.engine.PlannedStatement.Kind;
import dev.dbmigrate.engine.lint.SqlStatements;
import dev.dbmigrate.engine.spi.DatabaseAdapter;
import dev.dbmigrate.engine.spi.DbStatement;
import dev.dbmigrate.engine.spi.HistoryWrite;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --dry-run} of latest, up, rollback and down: picks the migrations with the same selection
 * and checks as {@link ApplyCommand} and {@link RevertCommand}, then writes out what {@link
 * MigrationExecutor} would send for each, in the order it sends it.
 */
public final class DryRunCommand {

  private final RunContext run;
  private final DatabaseAdapter adapter;
  private final boolean offline;
  private final List<String> setup;

  private DryRunCommand(
      RunContext run, DatabaseAdapter adapter, boolean offline, List<String> setup) {
    this.run = run;
    this.adapter = adapter;
    this.offline = offline;
    this.setup = setup;
  }

  /** Reads the history on the session's connection, and nothing else. */
  public static DryRunCommand online(
      Session session, MigratorConfig config, List<AvailableMigration> code) {
    try {
      Connection c = session.control();
      DatabaseAdapter adapter = session.adapter();
      List<String> setup = rendered(adapter, adapter.prepareHistory(c));
      RunContext run = RunContext.read(session, config, MigrationListener.NONE, code, false);
      return new DryRunCommand(run, adapter, false, setup);
    } catch (SQLException e) {
      throw session.failure(e);
    }
  }

  /**
   * No database: an empty history, as on a new database, where the history table is still to be
   * created and only the engine's default schema exists.
   */
  public static DryRunCommand offline(
      DatabaseAdapter adapter, MigratorConfig config, List<AvailableMigration> code) {
    RunContext run =
        new RunContext(null, adapter, config, MigrationListener.NONE, Plan.of(code, List.of()));
    try {
      return new DryRunCommand(run, adapter, true, rendered(adapter, adapter.prepareHistory(null)));
    } catch (SQLException e) {
      throw Session.lost(e);
    }
  }

  private static List<String> rendered(DatabaseAdapter adapter, List<DbStatement> statements) {
    return statements.stream().map(s -> render(adapter, s)).toList();
  }

  private static String render(DatabaseAdapter adapter, DbStatement s) {
    return Statements.render(s, adapter.traits().syntax());
  }

  public DryRunResult latest() {
    return applying(new ApplyCommand(run).selectLatest());
  }

  public DryRunResult up(String name) {
    return applying(new ApplyCommand(run).selectUp(name));
  }

  public DryRunResult rollback(boolean all) {
    return reverting(new RevertCommand(run).selectRollback(all), all ? 0 : run.plan().lastBatch());
  }

  public DryRunResult down(String name) {
    List<AppliedMigration> todo = new RevertCommand(run).selectDown(name);
    return reverting(todo, name == null ? 0 : todo.get(0).batch());
  }

  private DryRunResult applying(List<MigrationStatus> todo) {
    List<String> remaining = new ArrayList<>(pendingNames());
    int batch = todo.isEmpty() ? 0 : run.plan().lastBatch() + 1;
    List<PlannedMigration> planned = new ArrayList<>(todo.size());
    for (MigrationStatus s : todo) {
      planned.add(preview(run.plan().code(s.name()), Direction.UP, batch));
      remaining.remove(s.name());
    }
    return new DryRunResult(offline, batch, setup, List.copyOf(planned), List.copyOf(remaining));
  }

  private DryRunResult reverting(List<AppliedMigration> todo, int batch) {
    List<String> pending = new ArrayList<>(pendingNames());
    List<PlannedMigration> planned = new ArrayList<>(todo.size());
    for (AppliedMigration row : todo) {
      planned.add(preview(run.plan().code(row.name()), Direction.DOWN, row.batch()));
      pending.add(row.name());
    }
    pending.sort(String::compareTo);
    return new DryRunResult(offline, batch, setup, List.copyOf(planned), List.copyOf(pending));
  }

  private List<String> pendingNames() {
    return run.plan().pending().stream().map(MigrationStatus::name).toList();
  }

  /** The statements in {@link MigrationExecutor}'s order, for a run that succeeds. */
  private PlannedMigration preview(AvailableMigration code, Direction direction, int batch) {
    Migration migration = code.load();
    StatementCapture.Captured captured =
        StatementCapture.run(migration, direction, adapter.traits().dialect());
    MigratorConfig config = run.config();
    // As MigrationExecutor decides: without transactional DDL, every migration runs in autocommit.
    boolean transactional = migration.transactional() && adapter.traits().transactionalDdl();
    List<PlannedStatement> out = new ArrayList<>();
    String name = code.name().toString();
    AppliedMigration row =
        new AppliedMigration(
            name, batch, null, 0, config.appliedBy(), code.checksum(), HistoryStatus.APPLIED);
    if (transactional) {
      out.add(new PlannedStatement(Kind.TRANSACTION, "BEGIN"));
    } else {
      out.add(
          new PlannedStatement(
              Kind.HISTORY,
              render(
                  adapter,
                  adapter.write(
                      new HistoryWrite.MarkRunning(row.withStatus(HistoryStatus.RUNNING))))));
    }
    out.add(
        new PlannedStatement(
            Kind.TIMEOUT,
            render(
                adapter,
                adapter.setTimeouts(
                    config.lockTimeout(), config.statementTimeout(), transactional))));
    captured.statements().forEach(sql -> out.add(new PlannedStatement(Kind.MIGRATION, sql)));
    if (!transactional) {
      out.add(new PlannedStatement(Kind.TIMEOUT, render(adapter, adapter.resetTimeouts())));
    }
    HistoryWrite history;
    if (transactional) {
      history =
          direction == Direction.UP
              ? new HistoryWrite.Insert(row, true)
              : new HistoryWrite.Delete(name, true);
    } else {
      history =
          direction == Direction.UP
              ? new HistoryWrite.Finish(name, HistoryStatus.APPLIED)
              : new HistoryWrite.Delete(name, false);
    }
    out.add(new PlannedStatement(Kind.HISTORY, render(adapter, adapter.write(history))));
    if (transactional) {
      out.add(new PlannedStatement(Kind.TRANSACTION, "COMMIT"));
    }
    boolean readsData = captured.statements().stream().anyMatch(SqlStatements::returnsRows);
    return new PlannedMigration(
        name,
        direction,
        code.origin(),
        transactional,
        readsData,
        captured.failure(),
        List.copyOf(out));
  }
}
