package dev.dbmigrate.engine.internal;

import dev.dbmigrate.engine.AppliedMigration;
import dev.dbmigrate.engine.AvailableMigration;
import dev.dbmigrate.engine.Direction;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.ExecutedMigration;
import dev.dbmigrate.engine.HistoryStatus;
import dev.dbmigrate.engine.Migration;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigrationListener;
import dev.dbmigrate.engine.MigratorConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.conf.StatementType;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;

/**
 * Runs one migration in one direction on the work connection. A transactional migration and its
 * history row commit together or not at all; lock timeouts are retried with backoff, since the
 * whole transaction rolled back and running it again is safe.
 */
public final class MigrationExecutor {

  private final Session session;
  private final MigratorConfig config;
  private final MigrationListener listener;

  public MigrationExecutor(Session session, MigratorConfig config, MigrationListener listener) {
    this.session = session;
    this.config = config;
    this.listener = listener;
  }

  /** Applies or reverts {@code code}; {@code batch} is recorded on apply. */
  /** One migration to run: its code, the direction, and the batch its history row belongs to. */
  public record Step(AvailableMigration code, Direction direction, int batch) {}

  /**
   * Runs the steps in order, reporting each to the listener. Every class is loaded before the first
   * step runs, so a migration that cannot be loaded or created stops the run before anything
   * changes instead of half-way through a batch.
   */
  public List<ExecutedMigration> runAll(List<Step> steps) {
    List<Migration> loaded = new ArrayList<>(steps.size());
    for (Step step : steps) {
      loaded.add(step.code().load());
    }
    List<ExecutedMigration> executed = new ArrayList<>(steps.size());
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      String name = step.code().name().toString();
      listener.starting(name, step.direction(), i + 1, steps.size());
      ExecutedMigration done;
      try {
        done = run(step.code(), loaded.get(i), step.direction(), step.batch());
      } catch (MigrationException e) {
        listener.failed(name, step.direction(), e);
        throw e;
      }
      listener.finished(name, step.direction(), Duration.ofMillis(done.millis()));
      executed.add(done);
    }
    return executed;
  }

  private ExecutedMigration run(
      AvailableMigration code, Migration migration, Direction direction, int batch) {
    String name = code.name().toString();
    session.checkStillLocked();
    if (!migration.transactional()) {
      return runOutsideTransaction(code, migration, direction, batch);
    }
    Duration backoff = config.retryBackoff();
    for (int attempt = 1; ; attempt++) {
      Attempt current = new Attempt(name);
      try {
        long took = runInTransaction(code, migration, direction, batch, current);
        return new ExecutedMigration(name, direction, took);
      } catch (LockTimeout timeout) {
        if (attempt > config.lockRetries()) {
          throw lockTimeoutFailure(name, attempt, timeout.waitedFor);
        }
        listener.retrying(name, attempt, backoff, timeout.waitedFor);
        sleep(backoff);
        backoff = backoff.multipliedBy(2);
      }
    }
  }

  private long runInTransaction(
      AvailableMigration code,
      Migration migration,
      Direction direction,
      int batch,
      Attempt attempt) {
    String name = code.name().toString();
    Connection work = session.work();
    long start = System.nanoTime();
    LockWaitProbe probe = null;
    try {
      work.setAutoCommit(false);
      session.adapter().setTimeouts(work, config.lockTimeout(), config.statementTimeout(), true);
      probe = LockWaitProbe.start(session, work, config.lockTimeout());
      invoke(migration, direction, dsl(work, attempt));
      probe.stop();
      long took = (System.nanoTime() - start) / 1_000_000;
      record(work, code, direction, batch, took, false);
      work.commit();
      work.setAutoCommit(true);
      return took;
    } catch (Exception e) {
      if (probe != null) {
        probe.stop();
      }
      rollbackQuietly(work, e);
      SQLException sql = SqlErrors.findSqlException(e);
      if (sql != null && SqlErrors.LOCK_NOT_AVAILABLE.equals(sql.getSQLState())) {
        throw new LockTimeout(probe == null ? null : probe.lastSeen(), attempt.statement);
      }
      throw failure(name, direction, e, sql, attempt.statement, true);
    }
  }

  private ExecutedMigration runOutsideTransaction(
      AvailableMigration code, Migration migration, Direction direction, int batch) {
    String name = code.name().toString();
    Connection work = session.work();
    Attempt attempt = new Attempt(name);
    long start = System.nanoTime();
    try {
      work.setAutoCommit(true);
      session.adapter().setTimeouts(work, config.lockTimeout(), config.statementTimeout(), false);
      invoke(migration, direction, dsl(work, attempt));
      session.adapter().resetTimeouts(work);
      long took = (System.nanoTime() - start) / 1_000_000;
      record(work, code, direction, batch, took, false);
      return new ExecutedMigration(name, direction, took);
    } catch (Exception e) {
      SQLException sql = SqlErrors.findSqlException(e);
      MigrationException failure = failure(name, direction, e, sql, attempt.statement, false);
      if (direction == Direction.UP && (sql == null || !SqlErrors.isConnectionLost(sql))) {
        try {
          session.adapter().resetTimeouts(work);
          record(work, code, direction, batch, (System.nanoTime() - start) / 1_000_000, true);
        } catch (SQLException recordFailure) {
          failure.addSuppressed(recordFailure);
        }
      }
      throw failure;
    }
  }

  private void record(
      Connection work,
      AvailableMigration code,
      Direction direction,
      int batch,
      long took,
      boolean failed)
      throws SQLException {
    String name = code.name().toString();
    if (direction == Direction.UP) {
      session
          .adapter()
          .insert(
              work,
              new AppliedMigration(
                  name,
                  batch,
                  null,
                  took,
                  config.appliedBy(),
                  code.checksum(),
                  failed ? HistoryStatus.FAILED : HistoryStatus.APPLIED));
    } else {
      session.adapter().delete(work, name);
    }
  }

  static void invoke(Migration migration, Direction direction, DSLContext db) throws Exception {
    if (direction == Direction.UP) {
      migration.up(db);
    } else {
      migration.down(db);
    }
  }

  private DSLContext dsl(Connection work, Attempt attempt) {
    DefaultConfiguration configuration = new DefaultConfiguration();
    configuration.set(work);
    configuration.set(SQLDialect.POSTGRES);
    configuration.set(jooqSettings());
    configuration.set(new StatementTracker(attempt, listener));
    return DSL.using(configuration);
  }

  /**
   * The jOOQ settings every migration runs with, for real and in a dry run, so that a dry run shows
   * the very SQL a run sends: values are written into the statement text, no bind variables.
   */
  static Settings jooqSettings() {
    return new Settings()
        .withExecuteLogging(false)
        .withStatementType(StatementType.STATIC_STATEMENT);
  }

  private MigrationException failure(
      String name,
      Direction direction,
      Exception e,
      SQLException sql,
      String statement,
      boolean transactional) {
    if (e instanceof MigrationException m) {
      return m;
    }
    if (sql != null && SqlErrors.isConnectionLost(sql)) {
      session.discardWork();
      return new MigrationException(
          ErrorCode.CONNECTION_LOST,
          name,
          "lost the connection while running migration "
              + name
              + " "
              + verb(direction)
              + ": "
              + SqlErrors.oneLine(sql.getMessage())
              + (transactional
                  ? "; the server rolled its transaction back and nothing was recorded for it."
                      + " Run again to resume"
                  : "; it ran outside a transaction, so check what it applied before running"
                      + " again"),
          e);
    }
    String reason = sql != null ? SqlErrors.oneLine(sql.getMessage()) : String.valueOf(e);
    if (sql != null && SqlErrors.QUERY_CANCELED.equals(sql.getSQLState())) {
      reason +=
          " (statement_timeout is "
              + config.statementTimeout().toSeconds()
              + " s; raise it with --statement-timeout if this statement needs longer)";
    }
    String where = statement == null ? "" : "; statement: " + abbreviate(statement);
    String outcome =
        transactional
            ? "; its transaction was rolled back, so nothing of it is applied"
            : "; it ran outside a transaction, so part of it may be applied. It is recorded as failed:"
                + " check the schema, then finish it by hand and run 'dbmigrate repair --mark-applied',"
                + " or undo it and run 'dbmigrate repair'";
    return new MigrationException(
        ErrorCode.MIGRATION_FAILED,
        name,
        "migration " + name + " failed " + verb(direction) + ": " + reason + where + outcome,
        e);
  }

  private MigrationException lockTimeoutFailure(String name, int attempts, String waitedFor) {
    return new MigrationException(
        ErrorCode.LOCK_TIMEOUT,
        name,
        "migration "
            + name
            + " could not get a lock within lock_timeout "
            + config.lockTimeout().toMillis()
            + " ms, "
            + attempts
            + " attempts"
            + (waitedFor == null ? "" : " (" + waitedFor + ")")
            + "; nothing of it was applied. Another session holds a lock on a table it changes:"
            + " run again when that session is done, or raise --lock-timeout/--lock-retries",
        null);
  }

  private static String verb(Direction direction) {
    return direction == Direction.UP ? "(up)" : "(down)";
  }

  private static String abbreviate(String sql) {
    String flat = SqlErrors.oneLine(sql);
    return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
  }

  private static void rollbackQuietly(Connection work, Exception cause) {
    try {
      if (!work.isClosed()) {
        work.rollback();
        work.setAutoCommit(true);
      }
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MigrationException(ErrorCode.INTERNAL, "interrupted while waiting to retry");
    }
  }

  /** What one attempt sent last, for the error message. */
  private static final class Attempt {
    final String migration;
    String statement;

    Attempt(String migration) {
      this.migration = migration;
    }
  }

  /** Remembers each statement jOOQ sends and reports it for statement-level logs. */
  private static final class StatementTracker implements ExecuteListener {
    private static final long serialVersionUID = 1L;
    private final transient Attempt attempt;
    private final transient MigrationListener listener;

    StatementTracker(Attempt attempt, MigrationListener listener) {
      this.attempt = attempt;
      this.listener = listener;
    }

    @Override
    public void executeStart(ExecuteContext ctx) {
      attempt.statement = ctx.sql();
      listener.statement(attempt.migration, ctx.sql());
    }
  }

  /** Signals a lock timeout to the retry loop; never leaves this class. */
  private static final class LockTimeout extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String waitedFor;

    LockTimeout(String seen, String statement) {
      super(null, null, false, false);
      String s = seen;
      if (statement != null) {
        s = (s == null ? "" : s + "; ") + "statement: " + abbreviate(statement);
      }
      this.waitedFor = s;
    }
  }
}
