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
import dev.dbmigrate.engine.SqlMigration;
import dev.dbmigrate.engine.lint.SqlScript;
import dev.dbmigrate.engine.lint.SqlStatements;
import dev.dbmigrate.engine.spi.DatabaseAdapter;
import dev.dbmigrate.engine.spi.DbStatement;
import dev.dbmigrate.engine.spi.FailureKind;
import dev.dbmigrate.engine.spi.HistoryWrite;
import dev.dbmigrate.engine.spi.ScriptFrame;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.conf.Settings;
import org.jooq.conf.StatementType;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;

/**
 * Runs one migration in one direction on the work connection. A transactional migration and its
 * history row commit together or not at all; lock timeouts are retried with backoff, since the
 * whole transaction rolled back and running it again is safe. Before that commit, the history row's
 * statement checks that the transaction is still the one opened here: a COMMIT or ROLLBACK in the
 * migration's SQL would otherwise break its atomicity unseen.
 *
 * <p>A non-transactional migration is recorded as running, in a statement that commits at once,
 * before its first statement, and as applied (or failed) after its last: if the run dies in
 * between, the server may still be executing or committing its statements, and the next run finds
 * the row instead of running it a second time.
 */
public final class MigrationExecutor {

  private final Session session;
  private final MigratorConfig config;
  private final MigrationListener listener;

  /**
   * Whether the statement that opens a migration's transaction also checks that the run still holds
   * its lock ({@link DatabaseAdapter#setTimeoutsHoldingLock}); when not, the lock's connection is
   * asked before each migration, a round trip of its own.
   */
  private final boolean lockCheckedInTransaction;

  /**
   * The id of the transaction the last migration's closing began for the next one, its timeouts set
   * and the lock checked ({@link DatabaseAdapter#openingAfterCommit}); 0 when none is open.
   */
  private long preOpened;

  /** The last migration's closing committed it and found the run lock gone. */
  private boolean lockGoneAfterCommit;

  public MigrationExecutor(Session session, MigratorConfig config, MigrationListener listener) {
    this.session = session;
    this.config = config;
    this.listener = listener;
    this.lockCheckedInTransaction =
        session
            .adapter()
            .setTimeoutsHoldingLock(config.lockTimeout(), config.statementTimeout(), 0)
            .isPresent();
  }

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
    lockGoneAfterCommit = false;
    try {
      runEach(steps, loaded, executed);
    } finally {
      // A failure between a closing that began the next transaction and that migration's start.
      if (preOpened != 0) {
        preOpened = 0;
        try {
          Connection work = session.work();
          work.rollback();
          work.setAutoCommit(true);
        } catch (SQLException e) {
          // The run is stopping with its own error; the transaction holds nothing yet.
        }
      }
    }
    return executed;
  }

  private void runEach(List<Step> steps, List<Migration> loaded, List<ExecutedMigration> executed) {
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      String name = step.code().name().toString();
      if (lockGoneAfterCommit) {
        throw lockLost(executed, name, session.lockLost());
      }
      if (!lockCheckedInTransaction || !inTransaction(loaded.get(i))) {
        checkStillLocked(executed, name);
      }
      listener.starting(name, step.direction(), i + 1, steps.size());
      // The closing of a migration in a transaction begins the next one's, when that runs in one.
      boolean openNext = i + 1 < steps.size() && inTransaction(loaded.get(i + 1));
      ExecutedMigration done;
      try {
        done = run(step.code(), loaded.get(i), step.direction(), step.batch(), openNext);
      } catch (LockLost e) {
        throw lockLost(executed, name, session.lockLost());
      } catch (MigrationException e) {
        listener.failed(name, step.direction(), e);
        throw e;
      }
      listener.finished(name, step.direction(), Duration.ofMillis(done.millis()));
      executed.add(done);
    }
  }

  /**
   * Stops the run when the lock's connection died: without the lock another run may start. What
   * this run already committed stays applied and recorded, and the message says so.
   */
  private void checkStillLocked(List<ExecutedMigration> executed, String next) {
    try {
      session.checkStillLocked();
    } catch (MigrationException e) {
      throw lockLost(executed, next, e);
    }
  }

  /** {@code e}, the lock's loss, said with what this run already committed. */
  private static MigrationException lockLost(
      List<ExecutedMigration> executed, String next, MigrationException e) {
    if (executed.isEmpty() || e.code() != ErrorCode.CONNECTION_LOST) {
      return e;
    }
    List<String> done = executed.stream().map(ExecutedMigration::name).toList();
    return new MigrationException(
        ErrorCode.CONNECTION_LOST,
        next,
        "lost the connection that holds the migration lock ("
            + SqlErrors.oneLine(e.getCause() == null ? e.getMessage() : e.getCause().getMessage())
            + "). "
            + (done.size() == 1 ? "Migration " : "Migrations ")
            + String.join(", ", done)
            + (done.size() == 1 ? " was" : " were")
            + " committed and recorded; the run stopped before "
            + next
            + ", since without the lock another run could apply migrations at the same time."
            + " Run again to apply the rest",
        e);
  }

  private ExecutedMigration run(
      AvailableMigration code,
      Migration migration,
      Direction direction,
      int batch,
      boolean openNext) {
    String name = code.name().toString();
    boolean inTransaction = inTransaction(migration);
    Duration backoff = config.retryBackoff();
    for (int attempt = 1; ; attempt++) {
      Attempt current = new Attempt(code, migration);
      try {
        if (!inTransaction) {
          return runOutsideTransaction(code, migration, direction, batch, current);
        }
        long took = runInTransaction(code, migration, direction, batch, current, openNext);
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

  /** Whether {@code migration} runs in a transaction of its own on this engine. */
  private boolean inTransaction(Migration migration) {
    return migration.transactional() && adapter().traits().transactionalDdl();
  }

  private long runInTransaction(
      AvailableMigration code,
      Migration migration,
      Direction direction,
      int batch,
      Attempt attempt,
      boolean openNext) {
    String name = code.name().toString();
    Connection work = session.work();
    long start = System.nanoTime();
    LockWaitProbe probe = null;
    // Taken on the first attempt only: a retry begins its own transaction.
    long pre = preOpened;
    preOpened = 0;
    try {
      work.setAutoCommit(false);
      Optional<List<String>> next =
          openNext
              ? adapter()
                  .openingAfterCommit(
                      config.lockTimeout(), config.statementTimeout(), session.controlPid())
              : Optional.empty();
      Optional<ScriptFrame> frame = frameFor(code, migration, direction, batch);
      if (frame.isPresent()) {
        SqlMigration sql = (SqlMigration) migration;
        ScriptFrame f = frame.get();
        List<String> closing = new ArrayList<>(f.closing());
        next.ifPresent(closing::addAll);
        f = new ScriptFrame(pre != 0 ? List.of() : f.opening(), closing);
        probe = LockWaitProbe.start(session, work, config.lockTimeout());
        OptionalLong committed =
            runFramed(work, sql.script(direction), sql.origin(direction), f, attempt);
        probe.stop();
        if (committed.isPresent()) {
          return afterCommit(work, next.isPresent(), committed.getAsLong(), start);
        }
      } else {
        long opened = pre != 0 ? pre : Statements.run(work, openingStatement());
        if (opened == 0 && lockCheckedInTransaction) {
          throw new LockLost();
        }
        probe = LockWaitProbe.start(session, work, config.lockTimeout());
        invoke(migration, direction, dsl(work, attempt));
        probe.stop();
        long took = (System.nanoTime() - start) / 1_000_000;
        HistoryWrite record =
            direction == Direction.UP
                ? new HistoryWrite.Insert(row(code, batch, took), true)
                : new HistoryWrite.Delete(name, true);
        Optional<DbStatement> recordAndCommit = adapter().writeAndCommit(record, opened);
        if (recordAndCommit.isPresent()) {
          DbStatement closing = recordAndCommit.get().measured(took);
          if (next.isPresent()) {
            closing =
                new DbStatement(
                    closing.sql() + ";" + String.join(";", next.get()),
                    closing.params(),
                    DbStatement.Returns.NOTHING);
          }
          attempt.committing = true;
          OptionalLong committed = recordAndCommit(work, closing);
          if (committed.isPresent()) {
            return afterCommit(work, next.isPresent(), committed.getAsLong(), start);
          }
        } else {
          long recordedIn = Statements.run(work, adapter().write(record).measured(took));
          if (recordedIn == opened) {
            attempt.committing = true;
            work.commit();
            work.setAutoCommit(true);
            return took;
          }
        }
      }
    } catch (Exception e) {
      if (probe != null) {
        probe.stop();
      }
      rollbackQuietly(work, e);
      if (e instanceof LockLost lost) {
        throw lost;
      }
      SQLException sql = SqlErrors.findSqlException(e);
      Optional<String> control = attempt.transactionControl();
      if (control.isPresent() && !connectionLost(sql)) {
        throw transactionEnded(code, direction, batch, control, e);
      }
      if (sql != null && adapter().classify(sql) == FailureKind.LOCK_TIMEOUT) {
        throw new LockTimeout(probe == null ? null : probe.lastSeen(), attempt.statement);
      }
      if (sql != null && !connectionLost(sql)) {
        attempt.statement = failingPart(work, attempt, sql, System.nanoTime() - start);
      }
      throw failure(name, direction, e, sql, attempt, true);
    }
    // The history row went into a transaction the migration's own SQL began: drop that row first.
    try {
      work.rollback();
    } catch (SQLException e) {
      MigrationException failure =
          transactionEnded(code, direction, batch, attempt.transactionControl(), e);
      throw failure;
    }
    throw transactionEnded(code, direction, batch, attempt.transactionControl(), null);
  }

  /**
   * The frame a SQL migration's statements travel with on this engine, when they can: a SQL
   * migration with statements and no COPY, run in a transaction on an engine that has a frame.
   */
  private Optional<ScriptFrame> frameFor(
      AvailableMigration code, Migration migration, Direction direction, int batch)
      throws SQLException {
    if (!(migration instanceof SqlMigration sql)
        || sql.script(direction) == null
        || !SqlRunner.canFrame(sql.script(direction))) {
      return Optional.empty();
    }
    HistoryWrite record =
        direction == Direction.UP
            ? new HistoryWrite.Insert(row(code, batch, 0), true)
            : new HistoryWrite.Delete(code.name().toString(), true);
    return adapter()
        .scriptFrame(config.lockTimeout(), config.statementTimeout(), session.controlPid(), record);
  }

  /**
   * Runs a SQL migration's statements in its frame: what the closing's last statement returned, or
   * empty, with nothing committed, when the closing's check found another transaction than the one
   * the opening ran in.
   */
  private OptionalLong runFramed(
      Connection work, SqlScript script, String where, ScriptFrame frame, Attempt attempt)
      throws SQLException {
    try {
      return OptionalLong.of(
          SqlRunner.runFramed(
              work,
              script,
              where,
              frame,
              e -> adapter().lockLost(e) || adapter().endedTransaction(e),
              sql -> attempt.sending(sql, listener),
              () -> attempt.committing = true));
    } catch (SQLException e) {
      if (!connectionLost(e) && adapter().lockLost(e)) {
        throw new LockLost();
      }
      if (!connectionLost(e) && adapter().endedTransaction(e)) {
        return OptionalLong.empty();
      }
      throw e;
    }
  }

  /**
   * Sends the history change and the COMMIT together (and, when the next migration's transaction
   * begins in the same round trip, its opening): what the last statement returned, or empty, with
   * nothing changed or committed, when the check that leads it found another transaction than the
   * one opened for the migration.
   */
  private OptionalLong recordAndCommit(Connection work, DbStatement statement) throws SQLException {
    try {
      return OptionalLong.of(Statements.runReturningLast(work, statement));
    } catch (SQLException e) {
      if (!connectionLost(e) && adapter().endedTransaction(e)) {
        return OptionalLong.empty();
      }
      throw e;
    }
  }

  /**
   * After the closing committed the migration: back to autocommit, or, when the closing began the
   * next migration's transaction, that transaction kept for it ({@code next}, its id). An id of 0
   * says the run lock was gone by then: the migration is committed and recorded, and the run stops
   * before the next one.
   */
  private long afterCommit(Connection work, boolean beganNext, long next, long start) {
    long took = (System.nanoTime() - start) / 1_000_000;
    if (beganNext && next != 0) {
      preOpened = next;
      return took;
    }
    lockGoneAfterCommit = beganNext;
    try {
      if (beganNext) {
        work.rollback();
      }
      work.setAutoCommit(true);
    } catch (SQLException e) {
      // The migration is committed; a connection that fails here fails the next statement sent.
      session.discardWork();
    }
    return took;
  }

  /**
   * The statement that opens a migration's transaction: its timeouts, the transaction's id and,
   * where the engine can, whether the run still holds its lock (0 for the id when it does not).
   */
  private DbStatement openingStatement() throws SQLException {
    Duration lock = config.lockTimeout();
    Duration statement = config.statementTimeout();
    if (lockCheckedInTransaction) {
      Optional<DbStatement> checked =
          adapter().setTimeoutsHoldingLock(lock, statement, session.controlPid());
      if (checked.isPresent()) {
        return checked.get();
      }
    }
    return adapter().setTimeouts(lock, statement, true);
  }

  /**
   * The statement of a multi-statement string that failed: PostgreSQL reports the error, not which
   * of the statements sent together caused it. The migration's transaction is rolled back, so this
   * replays what it sent, then the failing string one statement at a time, in a transaction that is
   * rolled back too, as a lock-timeout retry would, and returns the statement that fails with the
   * same SQLSTATE. Skipped for attempts that took long, and whenever the replay differs: the whole
   * string is named then.
   */
  private String failingPart(
      Connection work, Attempt attempt, SQLException original, long attemptNanos) {
    String failed = attempt.statement;
    if (failed == null || attemptNanos > REPLAY_LIMIT.toNanos()) {
      return failed;
    }
    List<String> parts = SqlStatements.split(failed);
    if (parts.size() < 2 || attempt.transactionControl().isPresent()) {
      return failed;
    }
    try (java.sql.Statement s = work.createStatement()) {
      work.setAutoCommit(false);
      Statements.run(
          work, adapter().setTimeouts(config.lockTimeout(), config.statementTimeout(), true));
      for (String earlier : attempt.sent.subList(0, attempt.sent.size() - 1)) {
        s.execute(earlier);
      }
      for (String part : parts) {
        try {
          s.execute(part);
        } catch (SQLException e) {
          return java.util.Objects.equals(e.getSQLState(), original.getSQLState()) ? part : failed;
        }
      }
      return failed;
    } catch (SQLException e) {
      return failed;
    } finally {
      rollbackQuietly(work, original);
    }
  }

  /** Failed attempts longer than this are not replayed to find the failing statement. */
  private static final Duration REPLAY_LIMIT = Duration.ofSeconds(10);

  /**
   * The migration committed or rolled back the transaction opened for it, so what it did before
   * that is committed or gone, and the rest ran in another transaction. Its row is recorded as
   * failed, on its own, so that no run takes it for applied or runs it again blindly.
   */
  private MigrationException transactionEnded(
      AvailableMigration code,
      Direction direction,
      int batch,
      Optional<String> statement,
      Exception cause) {
    String name = code.name().toString();
    MigrationException failure =
        new MigrationException(
            ErrorCode.MIGRATION_FAILED,
            name,
            "migration "
                + name
                + " "
                + verb(direction)
                + " ended the transaction dbmigrate opened for it ("
                + statement.map(s -> "statement: " + abbreviate(s)).orElse("a COMMIT or ROLLBACK")
                + "), so part of it may be committed and its timeouts no longer applied."
                + " It is recorded as failed. Remove BEGIN/COMMIT/ROLLBACK from the migration (or"
                + " make transactional() return false if it must commit in steps), check the"
                + " schema, then run 'dbmigrate repair --mark-applied' if it is applied, or undo"
                + " it and run 'dbmigrate repair'",
            cause);
    try {
      Connection work = session.work();
      work.setAutoCommit(true);
      HistoryWrite failed =
          direction == Direction.UP
              ? new HistoryWrite.Insert(row(code, batch, 0).withStatus(HistoryStatus.FAILED), false)
              : new HistoryWrite.Finish(name, HistoryStatus.FAILED);
      Statements.run(work, adapter().write(failed).measured(0));
    } catch (SQLException | RuntimeException e) {
      failure.addSuppressed(e);
    }
    return failure;
  }

  /**
   * Runs in autocommit between a committed running row and its end. On an engine whose DDL commits
   * implicitly every migration runs this way; there a failure of the very first statement left
   * nothing behind, so the row is put back as it was and a lock timeout is retried like a
   * transactional migration's.
   */
  private ExecutedMigration runOutsideTransaction(
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
      work.setAutoCommit(true);
      Statements.run(
          work,
          adapter()
              .write(
                  new HistoryWrite.MarkRunning(
                      row(code, batch, 0).withStatus(HistoryStatus.RUNNING))));
      attempt.started = true;
      Statements.run(
          work, adapter().setTimeouts(config.lockTimeout(), config.statementTimeout(), false));
      probe = LockWaitProbe.start(session, work, config.lockTimeout());
      invoke(migration, direction, dsl(work, attempt));
      probe.stop();
      Statements.run(work, adapter().resetTimeouts());
      long took = (System.nanoTime() - start) / 1_000_000;
      HistoryWrite done =
          direction == Direction.UP
              ? new HistoryWrite.Finish(name, HistoryStatus.APPLIED)
              : new HistoryWrite.Delete(name, false);
      Statements.run(work, adapter().write(done).measured(took));
      return new ExecutedMigration(name, direction, took);
    } catch (Exception e) {
      if (probe != null) {
        probe.stop();
      }
      SQLException sql = SqlErrors.findSqlException(e);
      boolean implicitCommits = !adapter().traits().transactionalDdl();
      // The failing statement is the last one sent: with only it sent, nothing had completed.
      attempt.nothingApplied = implicitCommits && attempt.sent.size() <= 1;
      if (attempt.started && !connectionLost(sql) && attempt.nothingApplied) {
        try {
          Statements.run(work, adapter().resetTimeouts());
          HistoryWrite undo =
              direction == Direction.UP
                  ? new HistoryWrite.Delete(name, false)
                  : new HistoryWrite.MarkApplied(name);
          Statements.run(work, adapter().write(undo));
        } catch (SQLException restoreFailure) {
          e.addSuppressed(restoreFailure);
          attempt.nothingApplied = false;
        }
        if (attempt.nothingApplied
            && sql != null
            && adapter().classify(sql) == FailureKind.LOCK_TIMEOUT) {
          throw new LockTimeout(probe == null ? null : probe.lastSeen(), attempt.statement);
        }
      }
      MigrationException failure = failure(name, direction, e, sql, attempt, false);
      if (attempt.started && !connectionLost(sql) && !attempt.nothingApplied) {
        try {
          Statements.run(work, adapter().resetTimeouts());
          Statements.run(
              work,
              adapter()
                  .write(new HistoryWrite.Finish(name, HistoryStatus.FAILED))
                  .measured((System.nanoTime() - start) / 1_000_000));
        } catch (SQLException recordFailure) {
          failure.addSuppressed(recordFailure);
        }
      }
      throw failure;
    }
  }

  private DatabaseAdapter adapter() {
    return session.adapter();
  }

  /** Whether {@code sql} says the connection is gone, as this engine reports it. */
  private boolean connectionLost(SQLException sql) {
    return sql != null
        && (adapter().classify(sql) == FailureKind.CONNECTION_LOST
            || SqlErrors.isConnectionLost(sql));
  }

  /** The history row of {@code code} as an up records it, applied. */
  private AppliedMigration row(AvailableMigration code, int batch, long took) {
    return new AppliedMigration(
        code.name().toString(),
        batch,
        null,
        took,
        config.appliedBy(),
        code.checksum(),
        HistoryStatus.APPLIED);
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
    configuration.set(adapter().traits().dialect());
    configuration.set(jooqSettings());
    configuration.set(new StatementTracker(attempt, listener));
    SqlRunner.onStatement(configuration, sql -> attempt.sending(sql, listener));
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
      Attempt attempt,
      boolean transactional) {
    if (e instanceof MigrationException m) {
      return m;
    }
    String statement = attempt.statement;
    if (connectionLost(sql)) {
      session.discardWork();
      String outcome;
      if (attempt.committing) {
        outcome =
            "; it was lost during the commit, so whether the migration and its history row"
                + " committed is unknown: 'dbmigrate status' shows it, then run again";
      } else if (transactional) {
        outcome =
            "; the server rolled its transaction back and nothing was recorded for it."
                + " Run again to resume";
      } else if (attempt.started) {
        outcome =
            "; it ran outside a transaction and is recorded as running: the server may still"
                + " be executing it. The next run waits while that session lives, then stops"
                + " (exit 12) until you check what it applied and run 'dbmigrate repair"
                + " --mark-applied' or 'dbmigrate repair'";
      } else {
        outcome = "; none of its statements had run. Run again to resume";
      }
      return new MigrationException(
          ErrorCode.CONNECTION_LOST,
          name,
          "lost the connection while running migration "
              + name
              + " "
              + verb(direction)
              + ": "
              + SqlErrors.oneLine(sql.getMessage())
              + outcome,
          e);
    }
    // The exception's type comes last, with its place, so the message reads as the error itself.
    String at = location(e, attempt.migrationClass, attempt.origin);
    String reason =
        sql == null && PlainSqlTemplating.isTemplating(e)
            ? PlainSqlTemplating.describe(e)
            : sql != null
                ? SqlErrors.oneLine(sql.getMessage())
                    + (at.isEmpty() ? "" : " (" + at.strip() + ")")
                : (e.getMessage() == null ? "" : SqlErrors.oneLine(e.getMessage()) + " ")
                    + "("
                    + e.getClass().getSimpleName()
                    + at
                    + ")";
    if (sql != null && adapter().classify(sql) == FailureKind.STATEMENT_TIMEOUT) {
      reason +=
          " ("
              + adapter().traits().statementTimeoutName()
              + " is "
              + config.statementTimeout().toSeconds()
              + " s; raise statement-timeout if this statement needs longer)";
    }
    // A SQL file's statement names itself (file, line, text); the last jOOQ statement is older.
    String where =
        (statement == null || sql instanceof SqlStatementException
            ? ""
            : (sql == null ? "; the last statement it sent: " : "; statement: ")
                + abbreviate(statement));
    String outcome;
    if (transactional) {
      outcome = "; its transaction was rolled back, so nothing of it is applied";
    } else if (!attempt.started) {
      outcome = "; none of its statements had run";
    } else if (attempt.nothingApplied) {
      outcome = "; it was its first statement, so nothing of it is applied";
    } else if (!adapter().traits().transactionalDdl()) {
      outcome =
          "; "
              + adapter().traits().name()
              + " commits each DDL statement at once, so what ran before this statement may be "
              + (direction == Direction.UP ? "applied" : "reverted")
              + ". It is recorded as failed: check the schema, then finish it by hand and run"
              + " 'dbmigrate repair --mark-applied'"
              + (direction == Direction.UP ? "" : " (for a down: 'dbmigrate repair')")
              + ", or undo it and run 'dbmigrate repair'";
    } else if (direction == Direction.UP) {
      outcome =
          "; it ran outside a transaction, so part of it may be applied. It is recorded as failed:"
              + " check the schema, then finish it by hand and run 'dbmigrate repair"
              + " --mark-applied', or undo it and run 'dbmigrate repair'";
    } else {
      outcome =
          "; it ran outside a transaction, so part of it may be reverted. It is recorded as"
              + " failed: check the schema, then finish reverting it by hand and run 'dbmigrate"
              + " repair' (it then counts as not applied), or restore what it reverted and run"
              + " 'dbmigrate repair --mark-applied'";
    }
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
            + " run again when that session is done, or raise lock-timeout or lock-retries",
        null);
  }

  /**
   * Where in the migration's source the failure was thrown, from the first stack frame in its
   * class, e.g. {@code " at db/migration/M20260101000001_A.java:12"}; empty when none is found.
   */
  static String location(Throwable e, String migrationClass, String origin) {
    if (migrationClass == null) {
      return "";
    }
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      for (StackTraceElement frame : t.getStackTrace()) {
        String cls = frame.getClassName();
        if ((cls.equals(migrationClass) || cls.startsWith(migrationClass + "$"))
            && frame.getLineNumber() > 0
            && frame.getFileName() != null) {
          String file =
              origin != null && origin.endsWith(frame.getFileName()) ? origin : frame.getFileName();
          return " at " + file + ":" + frame.getLineNumber();
        }
      }
    }
    return "";
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

  /** What one attempt sent, for the error message, and how far it got. */
  private static final class Attempt {
    final String migration;
    final String migrationClass;
    final String origin;
    final List<String> sent = new ArrayList<>();
    String statement;

    /** A non-transactional migration's running row is committed: its statements may run. */
    boolean started;

    /** The commit was sent: after this, a lost connection leaves the outcome unknown. */
    boolean committing;

    /** Its first statement failed on an engine without transactional DDL: nothing changed. */
    boolean nothingApplied;

    Attempt(AvailableMigration code, Migration loaded) {
      this.migration = code.name().toString();
      this.migrationClass = loaded.getClass().getName();
      this.origin = code.origin();
    }

    /** The first statement sent that begins or ends a transaction, if any. */
    Optional<String> transactionControl() {
      for (String sql : sent) {
        Optional<String> found = SqlStatements.transactionControl(sql);
        if (found.isPresent()) {
          return found;
        }
      }
      return Optional.empty();
    }

    /** A statement of a SQL text, sent through the driver rather than jOOQ. */
    void sending(String sql, MigrationListener listener) {
      statement = sql;
      sent.add(sql);
      listener.statement(migration, sql);
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
      attempt.sent.add(ctx.sql());
      listener.statement(attempt.migration, ctx.sql());
    }
  }

  /**
   * Signals that the run lock is no longer held, found as a migration began; never leaves this
   * class.
   */
  private static final class LockLost extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LockLost() {
      super(null, null, false, false);
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
