package dev.dbmigrate.engine;

import dev.dbmigrate.engine.internal.DryRunCommand;
import dev.dbmigrate.engine.internal.Plan;
import dev.dbmigrate.engine.internal.Session;
import dev.dbmigrate.engine.spi.DatabaseAdapter;
import dev.dbmigrate.engine.spi.Engines;
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
  private final String offlineUrl;

  DryRun(DataSource dataSource, MigrationSource source, MigratorConfig config) {
    this(dataSource, source, config, null);
  }

  private DryRun(
      DataSource dataSource, MigrationSource source, MigratorConfig config, String offlineUrl) {
    this.dataSource = dataSource;
    this.source = source;
    this.config = config;
    this.offlineUrl = offlineUrl;
  }

  /** A PostgreSQL dry run that opens no connection and assumes no migration is applied yet. */
  public static DryRun offline(MigrationSource source, MigratorConfig config) {
    return offline(source, config, "jdbc:postgresql:");
  }

  /**
   * A dry run that opens no connection and assumes no migration is applied yet, for the engine of
   * {@code jdbcUrl} (only its scheme counts: {@code jdbc:mariadb:} shows MariaDB's statements).
   */
  public static DryRun offline(MigrationSource source, MigratorConfig config, String jdbcUrl) {
    return new DryRun(null, source, config, jdbcUrl);
  }

  public boolean isOffline() {
    return dataSource == null;
  }

  private List<AvailableMigration> code(DatabaseAdapter adapter) {
    List<AvailableMigration> code = source.migrations(adapter.traits().syntax());
    Plan.validateCode(code);
    return code;
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
    try {
      if (isOffline()) {
        DatabaseAdapter adapter = Engines.adapter(offlineUrl, config.schema(), config.table());
        return command.apply(DryRunCommand.offline(adapter, config, code(adapter)));
      }
      try (Session session = Session.open(dataSource, config)) {
        return command.apply(DryRunCommand.online(session, config, code(session.adapter())));
      }
    } catch (RuntimeException e) {
      throw e instanceof MigrationException m
          ? m
          : new MigrationException(ErrorCode.INTERNAL, "unexpected failure: " + e, e);
    }
  }
}
