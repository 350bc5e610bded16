package dev.dbmigrate.engine.internal;

import dev.dbmigrate.engine.AvailableMigration;
import dev.dbmigrate.engine.CheckSettings;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigrationListener;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.MigratorConfig;
import dev.dbmigrate.engine.TestResult;
import dev.dbmigrate.engine.TestResult.Failure;
import dev.dbmigrate.engine.TestResult.Step;
import dev.dbmigrate.engine.schema.Perspective;
import dev.dbmigrate.engine.schema.PostgresSchemaReader;
import dev.dbmigrate.engine.schema.Schema;
import dev.dbmigrate.engine.schema.SchemaDiff;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;

/**
 * {@code test}: on a scratch database, each migration in order goes up, down and up again, and the
 * schema is compared after each step: after the down it must be the schema from before the up,
 * after the second up the one from after the first. The first migration that fails stops the run.
 *
 * <p>Each step is an ordinary {@link Migrator#up} or {@link Migrator#down} on the scratch database,
 * so transactions, history rows, timeouts and SQL files behave as in a real run.
 */
public final class SchemaTestCommand {

  private final DataSource target;
  private final List<AvailableMigration> code;
  private final MigratorConfig config;
  private final MigrationListener listener;
  private final CheckSettings settings;

  /** The schema the last passing round trip ended with, or null when it must be read. */
  private Schema current;

  public SchemaTestCommand(
      DataSource target,
      List<AvailableMigration> code,
      MigratorConfig config,
      MigrationListener listener,
      CheckSettings settings) {
    this.target = target;
    this.code = code.stream().sorted(Comparator.comparing(AvailableMigration::name)).toList();
    this.config = config;
    this.listener = listener;
    this.settings = settings;
  }

  /**
   * Tests the migrations after {@code from}, or all of them.
   *
   * @param from the migration (full name, description or timestamp) to migrate the scratch database
   *     to before testing the ones after it; null to test from the first
   */
  public TestResult test(String from) {
    int start = from == null ? 0 : indexOf(from) + 1;
    try (ScratchDatabase scratch = ScratchDatabase.open(target, settings)) {
      Migrator migrator = new Migrator(scratch.dataSource(), () -> code, config, statements());
      createHistorySchema(scratch);
      for (AvailableMigration m : code.subList(0, start)) {
        migrator.up(m.name().toString());
      }
      List<String> tested = new ArrayList<>();
      List<String> notReversible = new ArrayList<>();
      for (AvailableMigration m : code.subList(start, code.size())) {
        Failure failure = roundTrip(migrator, scratch, m, notReversible);
        if (failure != null) {
          return new TestResult(
              scratch.name(),
              from == null ? null : code.get(start - 1).name().toString(),
              tested,
              notReversible,
              failure);
        }
        if (!notReversible.contains(m.name().toString())) {
          tested.add(m.name().toString());
        }
      }
      return new TestResult(
          scratch.name(),
          from == null ? null : code.get(start - 1).name().toString(),
          tested,
          notReversible,
          null);
    }
  }

  /**
   * Only the statements reach the caller's listener (shown with --verbose): three runs per
   * migration of progress lines would bury the result.
   */
  private MigrationListener statements() {
    return new MigrationListener() {
      @Override
      public void statement(String migration, String sql) {
        listener.statement(migration, sql);
      }
    };
  }

  private Failure roundTrip(
      Migrator migrator,
      ScratchDatabase scratch,
      AvailableMigration m,
      List<String> notReversible) {
    String name = m.name().toString();
    // After a passing round trip the schema is the one its second up built: the next one's start.
    Schema before = current != null ? current : snapshot(scratch);
    current = null;
    Failure failed = step(() -> migrator.up(name), name, Step.UP);
    if (failed != null) {
      return failed;
    }
    if (!m.load().reversible()) {
      notReversible.add(name);
      return null;
    }
    Schema after = snapshot(scratch);
    failed = step(() -> migrator.down(name), name, Step.DOWN);
    if (failed != null) {
      return failed;
    }
    SchemaDiff restored = SchemaDiff.between(before, snapshot(scratch), Perspective.DOWN);
    if (!restored.isEmpty()) {
      return new Failure(name, Step.RESTORE, null, restored);
    }
    failed = step(() -> migrator.up(name), name, Step.UP_AGAIN);
    if (failed != null) {
      return failed;
    }
    Schema again = snapshot(scratch);
    SchemaDiff repeated = SchemaDiff.between(after, again, Perspective.UP_AGAIN);
    if (!repeated.isEmpty()) {
      return new Failure(name, Step.REPEAT, null, repeated);
    }
    current = again;
    return null;
  }

  /** A migration's failure is the test's finding; the scratch database's own failures are not. */
  private static Failure step(Runnable run, String name, Step step) {
    try {
      run.run();
      return null;
    } catch (MigrationException e) {
      if (e.code() != ErrorCode.MIGRATION_FAILED
          && e.code() != ErrorCode.LOCK_TIMEOUT
          && e.code() != ErrorCode.NEEDS_ATTENTION) {
        throw e;
      }
      return new Failure(name, step, e.getMessage(), new SchemaDiff(List.of()));
    }
  }

  /**
   * The history's schema (a tenant schema, say) exists on a real target before its first migration
   * runs, but a scratch database gets it only when the first up writes the history: created first,
   * it is part of every snapshot instead of a change the first migration's down is blamed for.
   */
  private void createHistorySchema(ScratchDatabase scratch) {
    try (Connection c = scratch.dataSource().getConnection();
        var st = c.createStatement()) {
      st.execute("create schema if not exists \"" + config.schema().replace("\"", "\"\"") + '"');
    } catch (SQLException e) {
      throw new MigrationException(
          ErrorCode.INTERNAL,
          "could not create the history's schema "
              + config.schema()
              + " in the scratch database: "
              + SqlErrors.oneLine(e.getMessage()),
          e);
    }
  }

  private Schema snapshot(ScratchDatabase scratch) {
    return Snapshots.read(scratch.dataSource(), config, settings.privileges());
  }

  private int indexOf(String from) {
    for (int i = 0; i < code.size(); i++) {
      var n = code.get(i).name();
      if (n.toString().equals(from) || n.description().equals(from) || n.timestamp().equals(from)) {
        return i;
      }
    }
    throw new MigrationException(
        ErrorCode.NOT_FOUND,
        "no migration named '"
            + from
            + "' to test from; give its full name, its description or its timestamp"
            + " (dbmigrate list shows them)");
  }

  /** Snapshots without the history table, which both sides have and no migration owns. */
  static final class Snapshots {
    private Snapshots() {}

    /** The history table as the reader names tables: {@code "schema"."table"}. */
    private static String historyTable(MigratorConfig config) {
      return '"' + config.schema() + "\".\"" + config.table() + '"';
    }

    static Schema read(DataSource db, MigratorConfig config, boolean privileges) {
      try (Connection c = db.getConnection()) {
        return new PostgresSchemaReader(historyTable(config), privileges).read(c);
      } catch (SQLException e) {
        if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
          throw SqlErrors.connectFailure(e);
        }
        throw new MigrationException(
            ErrorCode.INTERNAL,
            "could not read the schema from the catalog: " + SqlErrors.oneLine(e.getMessage()),
            e);
      }
    }
  }
}
