package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.Environment;
import dev.dbmigrate.cli.config.Settings;
import dev.dbmigrate.cli.config.SettingsResolver;
import dev.dbmigrate.cli.db.Database;
import dev.dbmigrate.cli.db.NoDatabase;
import dev.dbmigrate.cli.fleet.FleetOperation;
import dev.dbmigrate.cli.fleet.FleetOptions;
import dev.dbmigrate.cli.fleet.FleetRendering;
import dev.dbmigrate.cli.fleet.FleetResult;
import dev.dbmigrate.cli.fleet.FleetRun;
import dev.dbmigrate.cli.source.CompilingMigrationSource;
import dev.dbmigrate.cli.source.MigrationFolders;
import dev.dbmigrate.engine.MigrationSource;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.MigratorConfig;
import dev.dbmigrate.engine.ScratchServer;
import dev.dbmigrate.engine.settings.Target;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that works on the database: resolves settings, builds the engine, runs one operation
 * and renders its result. Subclasses hold only their own options and rendering.
 */
abstract class DatabaseCommand implements Callable<Integer>, ConnectedCommand {

  @Spec CommandSpec spec;
  @Mixin ProjectOptions project;
  @Mixin DatabaseOptions database;
  @Mixin OutputOptions output;

  /** The migrations and the engine settings of this run, set before {@link #execute}. */
  MigrationSource source;

  MigratorConfig engine;

  /** The same source as {@link #source}, as the folder it reads. */
  MigrationFolders files;

  /** The database, when this run uses one; it knows the target once connected. */
  private Database connection;

  /** Runs the operation and prints its result; returns the exit code. */
  abstract int execute(Migrator migrator, Settings settings);

  /**
   * False when this run uses no database at all ({@code --offline}): the migrator it gets then
   * cannot connect, and no connection is attempted.
   */
  boolean needsDatabase() {
    return true;
  }

  /** {@code --fleet} and its options, on the commands that take them; null on the others. */
  FleetOptions fleet() {
    return null;
  }

  /** What this command does on each target of a fleet; given by the commands with a fleet. */
  FleetOperation fleetOperation() {
    throw new IllegalStateException(spec.name() + " takes no --fleet");
  }

  @Override
  public final Integer call() {
    FleetOptions fleet = fleet();
    if (fleet != null) {
      Map<String, String> flags = flags();
      fleet.check(spec, flags);
      if (fleet.given()) {
        return runFleet(fleet, flags);
      }
    }
    Settings settings = resolveSettings();
    Environment env = root().environment();
    files =
        new MigrationFolders(
            settings.migrationsDir(),
            CompilingMigrationSource.defaultCacheDir(settings.migrationsDir(), env.variables()),
            this::warn);
    source = files;
    engine = settings.engine().withAppliedBy(Host.appliedBy());
    DataSource db;
    if (needsDatabase()) {
      connection =
          new Database(
              settings.connection(),
              settings.environment(),
              applicationName(),
              createsDefaultDatabase(),
              new TargetPrinter(spec.commandLine().getErr(), output.json(), settings));
      db = connection;
    } else {
      db = new NoDatabase();
    }
    Migrator migrator =
        new Migrator(db, source, engine, new ProgressPrinter(progress(), output.verbose()));
    return execute(migrator, settings);
  }

  private Settings resolveSettings() {
    Environment env = root().environment();
    return new SettingsResolver(flags(), env.variables(), env.workingDir()).resolve();
  }

  /** The settings given as options, by key; the password prompt asks here, once. */
  private Map<String, String> flags() {
    if (flags == null) {
      flags = new HashMap<>();
      project.addTo(flags);
      database.addTo(flags, spec.commandLine().getErr());
      addFlags(flags);
    }
    return flags;
  }

  private Map<String, String> flags;

  /** Every target of the fleet, then the summary; the exit code is the worst target's. */
  private int runFleet(FleetOptions fleet, Map<String, String> flags) {
    if (!needsDatabase()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), fleetNeedsDatabase());
    }
    FleetRun.Context context =
        new FleetRun.Context(
            spec.name(),
            flags,
            root().environment(),
            "dbmigrate "
                + spec.name()
                + " "
                + Host.name()
                + " pid "
                + ProcessHandle.current().pid(),
            Host.appliedBy(),
            fleetChangesSchema(),
            this::warn);
    FleetResult result =
        new FleetRun(context, fleet).run(fleetOperation(), progress(), output.verbose());
    FleetRendering.print(result, json(), out());
    return result.exitCode();
  }

  /** Why a fleet refuses the options given, when they ask for a run without a database. */
  String fleetNeedsDatabase() {
    return "a fleet run reads each target's history: drop --offline";
  }

  /**
   * Whether a fleet run of this command changes its targets' schema, which makes stopping at the
   * first failure its default; a command that only reads them reports on every target.
   */
  boolean fleetChangesSchema() {
    return createsDefaultDatabase();
  }

  /**
   * Whether this run may create dbmigrate's own default database when it is absent: commands that
   * change the schema do, read-only ones and dry runs do not.
   */
  boolean createsDefaultDatabase() {
    return true;
  }

  /** What this run connected to, for the JSON reply; null when it did not connect. */
  @Override
  public Target target() {
    return connection == null ? null : connection.target();
  }

  /** Other databases on the target's server, as the same login: for scratch databases. */
  ScratchServer scratchServer() {
    return connection::onDatabase;
  }

  /** The JSON field {@code target}: null when this run did not connect. */
  Object targetJson() {
    Target t = target();
    return t == null ? null : t.toJson();
  }

  /** For a command's own options that are settings too. */
  void addFlags(Map<String, String> flags) {}

  /** Shown in pg_stat_activity, so whoever finds the lock held can tell which run holds it. */
  private String applicationName() {
    return "dbmigrate " + spec.name() + " " + Host.name() + " pid " + ProcessHandle.current().pid();
  }

  /** A line a person should read that does not stop the command; stderr, so JSON stays data. */
  void warn(String message) {
    spec.commandLine().getErr().println("dbmigrate: warning: " + message);
    spec.commandLine().getErr().flush();
  }

  /**
   * What to say instead of "nothing to do" when the migrations folder holds no migration at all:
   * usually the wrong folder, which "Already up to date" would hide.
   */
  String noMigrationsFound() {
    return "No migrations found in "
        + files.sourceRoot()
        + "; write one with 'dbmigrate make <Name>', or point --migrations-dir (or migrations-dir"
        + " in dbmigrate.properties) at the folder that holds them";
  }

  /** Progress goes to stderr when stdout carries JSON. */
  PrintWriter progress() {
    return json() ? spec.commandLine().getErr() : spec.commandLine().getOut();
  }

  /** The root command, also for commands nested one level deeper ({@code adopt knex}). */
  private RootCommand root() {
    return (RootCommand) spec.root().userObject();
  }

  Environment environment() {
    return root().environment();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  boolean json() {
    return output.json();
  }
}
