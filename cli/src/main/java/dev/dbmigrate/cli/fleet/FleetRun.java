package dev.dbmigrate.cli.fleet;

import dev.dbmigrate.cli.Environment;
import dev.dbmigrate.cli.ExitCodes;
import dev.dbmigrate.cli.config.Connection;
import dev.dbmigrate.cli.config.Redact;
import dev.dbmigrate.cli.config.Settings;
import dev.dbmigrate.cli.config.SettingsResolver;
import dev.dbmigrate.cli.db.Database;
import dev.dbmigrate.cli.source.CompilingMigrationSource;
import dev.dbmigrate.cli.source.MigrationFolders;
import dev.dbmigrate.engine.AvailableMigration;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigrationSource;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.json.ResultJson;
import dev.dbmigrate.engine.settings.Setting;
import dev.dbmigrate.engine.settings.SettingsTable;
import dev.dbmigrate.engine.settings.Target;
import dev.dbmigrate.engine.settings.Wording;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One command on every target of a fleet. Everything that can be checked is checked before any
 * target is touched: the list of targets, each target's settings, that no two targets are the same
 * history table, and that the migrations compile. The migrations are listed (and compiled) once and
 * shared; each target then gets its own connections, run lock and migrator.
 */
public final class FleetRun {

  /** What the command gives the fleet. */
  public record Context(
      String command,
      Map<String, String> flags,
      Environment environment,
      String applicationName,
      String appliedBy,
      boolean changesSchema,
      Consumer<String> warnings) {}

  private final Context context;
  private final FleetOptions options;

  public FleetRun(Context context, FleetOptions options) {
    this.context = context;
    this.options = options;
  }

  /** A target with its settings resolved. */
  private record Prepared(FleetTarget target, Settings settings) {}

  /**
   * Checks everything, then runs {@code operation} on every target.
   *
   * @param progress where each target's line goes as it finishes
   */
  public FleetResult run(FleetOperation operation, java.io.PrintWriter progress, boolean verbose) {
    Environment env = context.environment();
    List<FleetTarget> targets =
        options.targets(
            env.workingDir(),
            () ->
                new SettingsResolver(context.flags(), env.variables(), env.workingDir())
                    .configFile());
    List<Prepared> prepared = new ArrayList<>(targets.size());
    for (FleetTarget t : targets) {
      prepared.add(new Prepared(t, resolve(t)));
    }
    refuseDuplicates(prepared);
    Path migrationsDir = commonMigrationsDir(prepared);
    MigrationFolders files =
        new MigrationFolders(
            migrationsDir,
            CompilingMigrationSource.defaultCacheDir(migrationsDir, env.variables()),
            context.warnings());
    List<AvailableMigration> code = files.migrations();
    MigrationSource listed = () -> code;
    FleetProgress shown = new FleetProgress(progress, verbose, targets.size());
    Map<FleetTarget, Prepared> byTarget = new LinkedHashMap<>();
    prepared.forEach(p -> byTarget.put(p.target(), p));
    FailurePolicy policy = options.onFailure(context.changesSchema());
    List<TargetResult> results =
        new FleetRunner(options.parallel(), policy)
            .run(targets, t -> runOne(byTarget.get(t), operation, listed, shown), shown::finished);
    return new FleetResult(
        context.command(), options.source(), options.parallel(), policy, results);
  }

  /**
   * The command line's settings with the target's own on top: what the target gives beats the
   * command line, and a URL gives host, port and database, so the command line's lose to it.
   */
  private Settings resolve(FleetTarget t) {
    Map<String, String> flags = new HashMap<>(context.flags());
    if (t.settings().containsKey(SettingsTable.URL.key())) {
      flags.remove(SettingsTable.HOST.key());
      flags.remove(SettingsTable.PORT.key());
      flags.remove(SettingsTable.DATABASE.key());
    }
    if (t.settings().containsKey(SettingsTable.TENANT_SCHEMA.key())) {
      flags.remove(SettingsTable.SCHEMA.key());
    }
    flags.putAll(t.settings());
    try {
      Environment env = context.environment();
      return new SettingsResolver(flags, env.variables(), env.workingDir()).resolve();
    } catch (MigrationException e) {
      throw new MigrationException(
          e.code(), "target " + t.name() + " (" + t.origin() + "): " + e.getMessage(), e);
    }
  }

  /**
   * Two targets on one history table would only wait for each other's lock: almost always a copied
   * line, or a variable (DBMIGRATE_URL) that overrides every environment's URL.
   */
  private static void refuseDuplicates(List<Prepared> prepared) {
    Map<String, FleetTarget> seen = new HashMap<>();
    for (Prepared p : prepared) {
      String key = identity(p.settings());
      FleetTarget other = seen.putIfAbsent(key, p.target());
      if (other != null) {
        throw new MigrationException(
            ErrorCode.INVALID_TARGETS,
            "targets "
                + other.name()
                + " ("
                + other.origin()
                + ") and "
                + p.target().name()
                + " ("
                + p.target().origin()
                + ") are the same history table, "
                + key
                + "; give each target its own database or tenant schema (a DBMIGRATE_URL or --host"
                + " applies to every target)");
      }
    }
  }

  private static String identity(Settings s) {
    Connection c = s.connection();
    String where =
        c.secretId() != null
            ? "secret "
                + c.secretId().value()
                + (c.defaultDatabase() ? "" : " " + c.database().value())
            : c.host().value() + ":" + c.port().value() + "/" + c.database().value();
    return where + " " + s.engine().schema() + "." + s.engine().table();
  }

  private static Path commonMigrationsDir(List<Prepared> prepared) {
    Path first = prepared.get(0).settings().migrationsDir();
    for (Prepared p : prepared) {
      if (!p.settings().migrationsDir().equals(first)) {
        throw new MigrationException(
            ErrorCode.INVALID_TARGETS,
            "target "
                + p.target().name()
                + " ("
                + p.target().origin()
                + ") has the migrations folder "
                + p.settings().migrationsDir()
                + ", "
                + prepared.get(0).target().name()
                + " has "
                + first
                + "; a fleet runs one set of migrations: give migrations-dir once, at the top of"
                + " the config file or on the command line");
      }
    }
    return first;
  }

  private TargetResult runOne(
      Prepared p, FleetOperation operation, MigrationSource code, FleetProgress progress) {
    long start = System.nanoTime();
    String name = p.target().name();
    Database db =
        new Database(
            p.settings().connection(),
            p.settings().environment(),
            context.applicationName() + " " + name,
            false,
            Quiet.LISTENER);
    Migrator migrator =
        new Migrator(
            db,
            code,
            p.settings().engine().withAppliedBy(context.appliedBy()),
            progress.listener(name));
    try {
      TargetOutcome o = operation.run(migrator, db, p.settings());
      return new TargetResult(
          p.target(), db.target(), o.outcome(), o.detail(), o.problem(), o.json(), millis(start));
    } catch (RuntimeException e) {
      MigrationException failure =
          e instanceof MigrationException m
              ? m
              : new MigrationException(ErrorCode.INTERNAL, "unexpected error: " + e, e);
      if (failure.code() == ErrorCode.INTERNAL) {
        progress.trace(name, e);
      }
      String message =
          Wording.message(failure, Redact.url(failure.getMessage()), Setting.Scope.CLI, true);
      Target target = db.target();
      Map<String, Object> json =
          ResultJson.failure(context.command(), target, failure, message, List.of());
      ResultJson.error(json).put("exitCode", ExitCodes.of(failure.code()));
      return new TargetResult(
          p.target(), target, Outcome.FAILED, message, failure.code(), json, millis(start));
    }
  }

  private static long millis(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** A fleet's targets print no target line each: the fleet's own lines name them. */
  private static final class Quiet implements Database.Listener {
    static final Quiet LISTENER = new Quiet();

    @Override
    public void connecting(Target target, List<String> notes) {}

    @Override
    public void created(Target target) {}
  }
}
