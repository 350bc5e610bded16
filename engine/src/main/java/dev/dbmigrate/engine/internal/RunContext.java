package dev.dbmigrate.engine.internal;

import dev.dbmigrate.engine.AppliedMigration;
import dev.dbmigrate.engine.AvailableMigration;
import dev.dbmigrate.engine.MigrationListener;
import dev.dbmigrate.engine.MigratorConfig;
import dev.dbmigrate.engine.spi.DatabaseAdapter;
import java.sql.SQLException;
import java.util.List;

/**
 * What every command works with, built once per run: the session (locked, for commands that change
 * the schema), the configuration, and the plan read under the lock.
 */
public record RunContext(
    Session session,
    DatabaseAdapter adapter,
    MigratorConfig config,
    MigrationListener listener,
    Plan plan) {

  /** Reads history and builds the plan; creates the history table first when {@code create}. */
  public static RunContext read(
      Session session,
      MigratorConfig config,
      MigrationListener listener,
      List<AvailableMigration> code,
      boolean create) {
    try {
      if (create) {
        Statements.runAll(session.control(), session.adapter().prepareHistory(session.control()));
      }
      List<AppliedMigration> history = session.adapter().readHistory(session.control());
      if (create) {
        // Only commands that hold the lock wait: status and dry runs report what they find.
        history =
            new RunningMigrations(session, config.lockWaitTimeout(), listener)
                .awaitSessions(history);
      }
      return new RunContext(session, session.adapter(), config, listener, Plan.of(code, history));
    } catch (SQLException e) {
      throw session.failure(e);
    }
  }

  public MigrationExecutor executor() {
    return new MigrationExecutor(session, config, listener);
  }

  public String historyTable() {
    return adapter.historyTable();
  }
}
