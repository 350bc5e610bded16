package dev.dbmigrate.engine.internal;

import dev.dbmigrate.engine.AppliedMigration;
import dev.dbmigrate.engine.AvailableMigration;
import dev.dbmigrate.engine.CheckSettings;
import dev.dbmigrate.engine.DriftResult;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.HistoryStatus;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigrationListener;
import dev.dbmigrate.engine.MigrationState;
import dev.dbmigrate.engine.MigrationStatus;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.MigratorConfig;
import dev.dbmigrate.engine.StatusResult;
import dev.dbmigrate.engine.schema.Perspective;
import dev.dbmigrate.engine.schema.Schema;
import dev.dbmigrate.engine.schema.SchemaDiff;
import java.util.List;
import javax.sql.DataSource;

/**
 * {@code drift}: the target's live schema against the one its applied migrations build when run on
 * a scratch database, so what was changed by hand (a hotfix in production) shows as added, removed
 * or changed outside migrations. The target is only read.
 */
public final class DriftCommand {

  private final DataSource target;
  private final List<AvailableMigration> code;
  private final MigratorConfig config;
  private final CheckSettings settings;

  public DriftCommand(
      DataSource target,
      List<AvailableMigration> code,
      MigratorConfig config,
      CheckSettings settings) {
    this.target = target;
    this.code = code;
    this.config = config;
    this.settings = settings;
  }

  /**
   * Builds the scratch database and compares.
   *
   * @param status the target's history against the code, read before
   */
  public DriftResult drift(StatusResult status) {
    List<String> applied = applied(status);
    Schema live = SchemaTestCommand.Snapshots.read(target, config, settings.privileges());
    try (ScratchDatabase scratch = ScratchDatabase.open(target, settings)) {
      Migrator migrator =
          // In the target's order, which may have left older migrations pending.
          new Migrator(
              scratch.dataSource(),
              () -> code,
              config.withAllowOutOfOrder(true),
              MigrationListener.NONE);
      for (String name : applied) {
        migrator.up(name);
      }
      Schema built =
          SchemaTestCommand.Snapshots.read(scratch.dataSource(), config, settings.privileges());
      return new DriftResult(
          scratch.name(), applied, SchemaDiff.between(built, live, Perspective.DRIFT));
    }
  }

  /** The applied migrations in name order; refuses a history they cannot be rebuilt from. */
  private static List<String> applied(StatusResult status) {
    for (MigrationStatus s : status.migrations()) {
      AppliedMigration a = s.applied();
      if (a != null && a.status() == HistoryStatus.BASELINE) {
        throw new MigrationException(
            ErrorCode.CONFIGURATION,
            s.name(),
            "drift rebuilds the schema by running the applied migrations, and "
                + s.name()
                + " is a baseline row, recorded without running; drift cannot compare a database"
                + " whose schema began outside dbmigrate",
            null);
      }
      if (s.state() == MigrationState.MISSING) {
        throw new MigrationException(
            ErrorCode.INVALID_MIGRATIONS,
            s.name(),
            "applied migration "
                + s.name()
                + " has no code here, so the schema it built cannot be rebuilt; run drift from"
                + " a checkout that has every applied migration",
            null);
      }
      if (s.state() == MigrationState.FAILED || s.state() == MigrationState.RUNNING) {
        throw new MigrationException(
            ErrorCode.NEEDS_ATTENTION,
            s.name(),
            s.name()
                + " is recorded as "
                + s.state().name().toLowerCase(java.util.Locale.ROOT)
                + "; finish it with dbmigrate repair before comparing the schema",
            null);
      }
    }
    return status.applied().stream().map(MigrationStatus::name).sorted().toList();
  }
}
