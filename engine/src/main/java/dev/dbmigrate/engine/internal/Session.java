package dev.dbmigrate.engine.internal;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.LockHolder;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigrationListener;
import dev.dbmigrate.engine.MigratorConfig;
import dev.dbmigrate.engine.spi.DatabaseAdapter;
import dev.dbmigrate.engine.spi.Engines;
import dev.dbmigrate.engine.spi.FailureKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The connections of one run. The control connection reads the history and holds the run lock for
 * the whole run; migrations run on a separate work connection, opened only when something is to be
 * applied, so a run with nothing to do costs one connection.
 */
public final class Session implements AutoCloseable {

  private static final Duration MAX_POLL = Duration.ofSeconds(1);

  private final DataSource dataSource;
  private final DatabaseAdapter adapter;
  private final Connection control;
  private Connection work;
  private long workPid;
  private long controlPid;
  private ScheduledExecutorService scheduler;
  private boolean locked;

  private Session(DataSource dataSource, DatabaseAdapter adapter, Connection control) {
    this.dataSource = dataSource;
    this.adapter = adapter;
    this.control = control;
  }

  /** Opens the control connection and chooses the adapter for the server it reached. */
  public static Session open(DataSource dataSource, MigratorConfig config) {
    return of(dataSource, config, open(dataSource));
  }

  private static Session of(DataSource dataSource, MigratorConfig config, Connection control) {
    try {
      return new Session(
          dataSource, Engines.adapter(control, config.schema(), config.table()), control);
    } catch (SQLException e) {
      closeQuietly(control);
      throw lost(e);
    } catch (RuntimeException e) {
      closeQuietly(control);
      throw e;
    }
  }

  /** A session, and what was computed while its connection opened. */
  public record Opened<T>(Session session, T value) {}

  /**
   * Opens the control connection on another thread while {@code meanwhile} (listing and compiling
   * the migrations) runs on this one. Logging in costs a start-up JVM tens of milliseconds, and
   * with SCRAM authentication over a hundred; the two overlap instead of adding up. When {@code
   * meanwhile} fails, its error wins and the connection is closed as soon as it is open.
   */
  public static <T> Opened<T> openWhile(
      DataSource dataSource, MigratorConfig config, Supplier<T> meanwhile) {
    CompletableFuture<Connection> control = new CompletableFuture<>();
    Thread opener =
        new Thread(
            () -> {
              try {
                control.complete(open(dataSource));
              } catch (Throwable e) {
                control.completeExceptionally(e);
              }
            },
            "dbmigrate-connect");
    opener.setDaemon(true); // never keeps the process alive after a failure here
    opener.start();
    T value;
    try {
      value = meanwhile.get();
    } catch (RuntimeException e) {
      // The connection's own failure, if any, is moot: the code's error is the one reported.
      var unused = control.thenAccept(Session::closeQuietly);
      throw e;
    }
    try {
      return new Opened<>(of(dataSource, config, control.join()), value);
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new MigrationException(ErrorCode.INTERNAL, "could not connect: " + e.getCause(), e);
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // Never used; nothing to protect.
    }
  }

  static Connection open(DataSource dataSource) {
    try {
      Connection c = dataSource.getConnection();
      c.setAutoCommit(true);
      return c;
    } catch (MigrationException e) {
      // Already says what is wrong, e.g. a data source that reads a secret before connecting.
      throw e;
    } catch (SQLException | RuntimeException e) {
      throw SqlErrors.connectFailure(e);
    }
  }

  public Connection control() {
    return control;
  }

  public DatabaseAdapter adapter() {
    return adapter;
  }

  /** The work connection, opened on first use. */
  public Connection work() {
    if (work == null) {
      work = open(dataSource);
    }
    return work;
  }

  /** The server's id of the work connection's session, asked once per connection. */
  long workPid(Connection c) throws SQLException {
    if (workPid == 0) {
      workPid = adapter.sessionId(c);
    }
    return workPid;
  }

  /** The server's id of the control connection's session, the one holding the lock; asked once. */
  long controlPid() throws SQLException {
    if (controlPid == 0) {
      controlPid = adapter.sessionId(control);
    }
    return controlPid;
  }

  /**
   * The failure of a run whose lock is gone, as {@link #checkStillLocked} reports it: what the
   * statement that checks the lock in a migration's transaction found.
   */
  MigrationException lockLost() {
    return failure(
        new SQLException(
            "the session holding the migration lock (pid "
                + controlPid
                + ") no longer holds it: its connection was closed or ended",
            "08006"));
  }

  /** One daemon thread for background looks at the database, made on first use. */
  ScheduledExecutorService scheduler() {
    if (scheduler == null) {
      scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "dbmigrate-lock-probe");
                t.setDaemon(true);
                return t;
              });
    }
    return scheduler;
  }

  /** Drops a broken work connection so the next use opens a fresh one. */
  void discardWork() {
    workPid = 0;
    if (work != null) {
      try {
        work.close();
      } catch (SQLException ignored) {
        // It is already broken; closing is a courtesy to the pool.
      }
      work = null;
    }
  }

  /**
   * Takes the run lock, waiting up to {@code timeout} while another run holds it. Polling with
   * pg_try_advisory_lock, rather than blocking in pg_advisory_lock, lets the wait say who holds the
   * lock and end on time without a statement timeout.
   */
  public void lock(Duration timeout, MigrationListener listener) {
    try {
      if (adapter.tryLock(control)) {
        locked = true;
        return;
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      Optional<LockHolder> holder = adapter.lockHolder(control);
      holder.ifPresent(h -> listener.waitingForLock(h, timeout));
      long pollMillis = 50;
      while (System.nanoTime() < deadline) {
        sleep(Math.min(pollMillis, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
        if (adapter.tryLock(control)) {
          locked = true;
          return;
        }
        pollMillis = Math.min(pollMillis * 2, MAX_POLL.toMillis());
      }
      holder = adapter.lockHolder(control);
      throw new MigrationException(
          ErrorCode.LOCKED,
          "another migration run holds the lock"
              + holder.map(h -> " (" + h.describe() + ")").orElse("")
              + "; waited "
              + timeout.toSeconds()
              + " s. It is released when that run ends;"
              + " wait for it, or raise the wait with lock-wait-timeout."
              + holder
                  .map(
                      h ->
                          " If that session is stuck, end it with: "
                              + adapter.traits().endSession(h.pid()))
                  .orElse(""));
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** Fails when the lock connection died: the run is then no longer protected. */
  void checkStillLocked() {
    try {
      if (!control.isValid(5)) {
        throw new SQLException("the connection holding the migration lock was closed", "08006");
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** A failure on the session's connections, classified by its adapter. */
  MigrationException failure(SQLException e) {
    return adapter.classify(e) == FailureKind.CONNECTION_LOST ? connectionLost(e) : lost(e);
  }

  private static MigrationException connectionLost(SQLException e) {
    return new MigrationException(
        ErrorCode.CONNECTION_LOST,
        "lost the connection to the database: "
            + SqlErrors.oneLine(e.getMessage())
            + "; run again to resume",
        e);
  }

  static MigrationException lost(SQLException e) {
    if (SqlErrors.isConnectionLost(e)) {
      return new MigrationException(
          ErrorCode.CONNECTION_LOST,
          "lost the connection to the database: "
              + SqlErrors.oneLine(e.getMessage())
              + "; run again to resume",
          e);
    }
    return new MigrationException(
        ErrorCode.INTERNAL, "database error: " + SqlErrors.oneLine(e.getMessage()), e);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MigrationException(ErrorCode.LOCKED, "interrupted while waiting for the lock");
    }
  }

  /**
   * Releases the lock and closes both connections. Failures here are ignored: the work is done or
   * already failed with its own error, and the server drops the lock with the session anyway.
   */
  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    if (locked) {
      try {
        adapter.unlock(control);
      } catch (SQLException ignored) {
        // Closing the connection below releases the lock too.
      }
    }
    for (Connection c : new Connection[] {work, control}) {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // Nothing left to protect.
        }
      }
    }
  }
}
