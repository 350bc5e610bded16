package dev.dbmigrate.engine;

import dev.dbmigrate.engine.internal.AdoptFlywayCommand;
import dev.dbmigrate.engine.internal.AdoptKnexCommand;
import dev.dbmigrate.engine.internal.ApplyCommand;
import dev.dbmigrate.engine.internal.BaselineCommand;
import dev.dbmigrate.engine.internal.DriftCommand;
import dev.dbmigrate.engine.internal.Plan;
import dev.dbmigrate.engine.internal.RepairCommand;
import dev.dbmigrate.engine.internal.RevertCommand;
import dev.dbmigrate.engine.internal.RunContext;
import dev.dbmigrate.engine.internal.SchemaTestCommand;
import dev.dbmigrate.engine.internal.Session;
import dev.dbmigrate.engine.internal.SqlErrors;
import dev.dbmigrate.engine.lint.LintOptions;
import dev.dbmigrate.engine.lint.LintResult;
import dev.dbmigrate.engine.lint.Linter;
import dev.dbmigrate.engine.spi.SqlSyntax;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The engine's entry point. The caller owns I/O: it supplies the {@link DataSource} and the {@link
 * MigrationSource}, and renders the returned result values. Every method throws only {@link
 * MigrationException}.
 *
 * <p>The database engine is chosen from the connection's JDBC URL and checked against the server
 * the driver reports ({@link dev.dbmigrate.engine.spi.Engines}); everything engine-specific is
 * behind {@link dev.dbmigrate.engine.spi.DatabaseAdapter}.
 *
 * <p>Commands that change the schema take the run lock first and hold it to the end, so two runs
 * never apply the same migration; the code is listed (and compiled) while the connection opens, and
 * nothing is sent before both are done, so a broken migration stops the run before it touches the
 * database.
 */
public final class Migrator {

  private final DataSource dataSource;
  private final MigrationSource source;
  private final MigratorConfig config;
  private final MigrationListener listener;

  public Migrator(
      DataSource dataSource,
      MigrationSource source,
      MigratorConfig config,
      MigrationListener listener) {
    this.dataSource = dataSource;
    this.source = source;
    this.config = config;
    this.listener = listener;
  }

  /** Applies every pending migration as one new batch. */
  public RunResult latest() {
    return locked(run -> new ApplyCommand(run).latest());
  }

  /** Applies the next pending migration, or the named one (full name or its description). */
  public RunResult up(String name) {
    return locked(run -> new ApplyCommand(run).up(name));
  }

  /** Reverts the last batch, or all of them. */
  public RunResult rollback(boolean all) {
    return locked(run -> new RevertCommand(run).rollback(all));
  }

  /** Reverts the last applied migration, or the named one. */
  public RunResult down(String name) {
    return locked(run -> new RevertCommand(run).down(name));
  }

  /** Records current checksums of edited migrations and clears failed ones. */
  public RepairResult repair(boolean markFailedApplied) {
    return locked(run -> new RepairCommand(run).repair(markFailedApplied));
  }

  /**
   * Takes knex's history over ({@code adopt knex}); see {@link KnexAdoption}. With {@code dryRun}
   * it reads only, takes no lock and returns the rows it would write.
   */
  public AdoptionResult adoptKnex(KnexAdoption options, boolean dryRun) {
    return starting(run -> new AdoptKnexCommand(run, options).adopt(dryRun), dryRun);
  }

  /** Records Flyway's history as one baseline row ({@code adopt flyway}). */
  public AdoptionResult adoptFlyway(OtherToolTable flywayHistory, boolean dryRun) {
    return starting(run -> new AdoptFlywayCommand(run, flywayHistory).adopt(dryRun), dryRun);
  }

  /**
   * Records every migration up to and including {@code migration} as applied without running it, on
   * a database that has the schema and no history.
   */
  public AdoptionResult baseline(String migration, boolean dryRun) {
    return starting(run -> new BaselineCommand(run).baseline(migration, dryRun), dryRun);
  }

  /** Compares code and history without taking the lock or creating anything. */
  public StatusResult status() {
    Session.Opened<List<AvailableMigration>> opened = openListingCode();
    try (Session session = opened.session()) {
      RunContext run = RunContext.read(session, config, listener, opened.value(), false);
      return new StatusResult(run.plan().statuses());
    }
  }

  /** Shows what latest, up, rollback and down would send; reads the history and changes nothing. */
  public DryRun dryRun() {
    return new DryRun(dataSource, source, config);
  }

  /** Lints the up of every pending migration; reads the history and changes nothing. */
  public LintResult lintPending() {
    return lintPending(LintOptions.defaults());
  }

  /**
   * Lints the pending migrations as one set, for the options' PostgreSQL version or else the
   * connected server's.
   */
  public LintResult lintPending(LintOptions options) {
    Session.Opened<List<AvailableMigration>> opened = openListingCode();
    try (Session session = opened.session()) {
      Plan plan = RunContext.read(session, config, listener, opened.value(), false).plan();
      int server;
      try {
        server = session.control().getMetaData().getDatabaseMajorVersion();
      } catch (java.sql.SQLException e) {
        server = 0;
      }
      // The applied ones' column types are known, so a later type change is judged against them.
      List<AvailableMigration> applied =
          plan.history().stream()
              .map(h -> plan.code(h.name()))
              .filter(java.util.Objects::nonNull)
              .toList();
      return new Linter(config, options, server)
          .knowingUpOf(applied)
          .lint(plan.pending().stream().map(s -> plan.code(s.name())).toList());
    }
  }

  /**
   * Runs every migration's up, down and up again on a scratch database and compares the schema
   * after each step ({@code test}); the target is used only to create and drop the scratch
   * database.
   *
   * @param from the migration to migrate the scratch database to before testing the later ones, or
   *     null to test them all
   */
  public TestResult test(String from, CheckSettings check) {
    return unexpected(
        () ->
            new SchemaTestCommand(
                    dataSource, listCode(SqlSyntax.POSTGRESQL), config, listener, check)
                .test(from));
  }

  /**
   * Compares the target's schema with what its applied migrations build on a scratch database
   * ({@code drift}). Reads the target and changes nothing there.
   */
  public DriftResult drift(CheckSettings check) {
    return unexpected(
        () ->
            new DriftCommand(dataSource, listCode(SqlSyntax.POSTGRESQL), config, check)
                .drift(status()));
  }

  private static <T> T unexpected(java.util.function.Supplier<T> command) {
    try {
      return command.get();
    } catch (RuntimeException e) {
      throw e instanceof MigrationException m
          ? m
          : new MigrationException(ErrorCode.INTERNAL, "unexpected failure: " + e, e);
    }
  }

  /** Who holds the run lock. Takes nothing and releases nothing. */
  public LockStatus lockStatus() {
    try (Session session = Session.open(dataSource, config)) {
      return new LockStatus(session.adapter().lockHolder(session.control()));
    } catch (SQLException e) {
      throw SqlErrors.connectFailure(e);
    }
  }

  private List<AvailableMigration> listCode(SqlSyntax syntax) {
    List<AvailableMigration> code = source.migrations(syntax);
    Plan.validateCode(code);
    return code;
  }

  /**
   * The code, listed and checked while the connection opens; nothing is sent before both are done.
   * SQL files are read as PostgreSQL's meanwhile; when the server turns out to be another engine,
   * they are read again with its rules (the compiled classes are not listed anew), and a failure of
   * the first reading only counts on PostgreSQL.
   */
  private Session.Opened<List<AvailableMigration>> openListingCode() {
    MigrationException[] deferred = {null};
    Session.Opened<List<AvailableMigration>> opened;
    try {
      opened =
          Session.openWhile(
              dataSource,
              config,
              () -> {
                try {
                  return listCode(SqlSyntax.POSTGRESQL);
                } catch (MigrationException e) {
                  deferred[0] = e;
                  return null;
                }
              });
    } catch (MigrationException connectFailure) {
      // As before the engine was known: a broken migration's error wins over the connection's.
      throw deferred[0] != null ? deferred[0] : connectFailure;
    }
    SqlSyntax syntax = opened.session().adapter().traits().syntax();
    if (syntax == SqlSyntax.POSTGRESQL && deferred[0] == null) {
      return opened;
    }
    try {
      if (syntax == SqlSyntax.POSTGRESQL) {
        throw deferred[0];
      }
      return new Session.Opened<>(opened.session(), listCode(syntax));
    } catch (RuntimeException e) {
      opened.session().close();
      throw e;
    }
  }

  private <T> T locked(Function<RunContext, T> command) {
    Session.Opened<List<AvailableMigration>> opened = openListingCode();
    try (Session session = opened.session()) {
      session.lock(config.lockWaitTimeout(), listener);
      return command.apply(RunContext.read(session, config, listener, opened.value(), true));
    } catch (RuntimeException e) {
      throw e instanceof MigrationException m
          ? m
          : new MigrationException(ErrorCode.INTERNAL, "unexpected failure: " + e, e);
    }
  }

  /**
   * For commands that start a history: the checks come before anything is created, so a refusal
   * leaves no history table behind; a dry run reads without the lock.
   */
  private <T> T starting(Function<RunContext, T> command, boolean dryRun) {
    Session.Opened<List<AvailableMigration>> opened = openListingCode();
    try (Session session = opened.session()) {
      if (!dryRun) {
        session.lock(config.lockWaitTimeout(), listener);
      }
      return command.apply(RunContext.read(session, config, listener, opened.value(), false));
    } catch (RuntimeException e) {
      throw e instanceof MigrationException m
          ? m
          : new MigrationException(ErrorCode.INTERNAL, "unexpected failure: " + e, e);
    }
  }
}
