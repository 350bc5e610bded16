package dev.dbmigrate.engine;

import dev.dbmigrate.engine.internal.DryRunCommand;
import dev.dbmigrate.engine.internal.Plan;
import dev.dbmigrate.engine.internal.PostgresAdapter;
import dev.dbmigrate.engine.internal.Session;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Shows what {@code latest}, {@code up}, {@code rollback} and {@code down} would send, without
 * sending it. Each migration's up or down runs against a recording connection that answers every
 * statement with no rows; the database, when there is one, is only read: no lock, no history table,
 * no transaction that writes.
 *
 * <p>Online ({@link Migrator#dryRun()}) it reads the history, so it shows exactly the migrations a
 * run would take and refuses what a run would refuse. {@link #offline} uses no database at all and
 * assumes an empty history, so a pull-request check can show the SQL of new migrations.
 */
public final class DryRun {

  private final DataSource dataSource;
  private final MigrationSource source;
  private final MigratorConfig config;

  DryRun(DataSource dataSource, MigrationSource source, MigratorConfig config) {
    this.dataSource = dataSource;
    this.source = source;
    this.config = config;
  }

  /** A dry run that opens no connection and assumes no migration is applied yet. */
  public static DryRun offline(MigrationSource source, MigratorConfig config) {
    return new DryRun(null, source, config);
  }

  public boolean isOffline() {
    return dataSource == null;
  }

  public DryRunResult latest() {
    return preview(DryRunCommand::latest);
  }

  public DryRunResult up(String name) {
    return preview(command -> command.up(name));
  }

  public DryRunResult rollback(boolean all) {
    return preview(command -> command.rollback(all));
  }

  public DryRunResult down(String name) {
    return preview(command -> command.down(name));
  }

  private DryRunResult preview(Function<DryRunCommand, DryRunResult> command) {
    List<AvailableMigration> code = source.migrations();
    Plan.validateCode(code);
    PostgresAdapter adapter = new PostgresAdapter(config.schema(), config.table());
    try {
      if (isOffline()) {
        return command.apply(DryRunCommand.offline(adapter, config, code));
      }
      try (Session session = new Session(dataSource, adapter)) {
        return command.apply(DryRunCommand.online(session, config, code));
      }
    } catch (RuntimeException e) {
      throw e instanceof MigrationException m
          ? m
          : new MigrationException(ErrorCode.INTERNAL, "unexpected failure: " + e, e);
    }
  }
}
