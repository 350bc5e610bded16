package dev.dbmigrate.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import dev.dbmigrate.engine.ConnectionSource;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigratorConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.postgresql.PGConnection;

/**
 * The end of one invocation's time. Lambda freezes (and on a timeout, resets) the sandbox when its
 * time is up, while the database goes on running the statement it was sent, holding its locks, for
 * as long as statement_timeout allows. So the run is stopped first: a margin before the end ({@link
 * #cancelAt()}), a watchdog thread cancels whatever the connections lent during this invocation are
 * running (PostgreSQL's cancel request, the one {@code Statement.cancel} sends), and goes on
 * cancelling once a second while the run has not ended, so a statement sent after the first cancel
 * (a lock retry, the next statement of a Java migration) is stopped too. The engine then fails the
 * migration as for any failed statement: rolls it back (or records a non-transactional one as
 * failed) and releases the lock. The handler reports that as {@link ErrorCode#TIME_LIMIT}.
 *
 * <p>As a second line, the engine's lock wait and statement_timeout are bounded by the time left,
 * so even a cancel that cannot reach the server leaves no statement running much past the end.
 */
final class InvocationDeadline implements AutoCloseable {

  /** Left for the run to roll back, release the lock and reply after the cancel. */
  static final Duration MAX_MARGIN = Duration.ofSeconds(10);

  static final Duration MIN_MARGIN = Duration.ofSeconds(1);
  private static final long RECANCEL_MILLIS = 1_000;

  private final long cancelAtNanos;
  private final Duration remaining;
  private final List<Connection> lent = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService watchdog;
  private final Consumer<String> log;
  private volatile boolean fired;

  /**
   * @param remaining the invocation's time, or null for a run that is never stopped
   */
  private InvocationDeadline(Duration remaining, Consumer<String> log) {
    long start = System.nanoTime();
    this.remaining = remaining;
    this.log = log;
    Duration margin = margin(remaining);
    this.cancelAtNanos =
        remaining == null ? Long.MAX_VALUE : start + remaining.minus(margin).toNanos();
    if (remaining == null || remaining.compareTo(margin) <= 0) {
      watchdog = null;
      return;
    }
    watchdog =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "dbmigrate-deadline");
              t.setDaemon(true);
              return t;
            });
    var unused =
        watchdog.scheduleWithFixedDelay(
            this::cancelRunning,
            remaining.minus(margin).toMillis(),
            RECANCEL_MILLIS,
            TimeUnit.MILLISECONDS);
  }

  /**
   * The deadline of the invocation {@code context} belongs to; none (the run is never stopped) when
   * there is no context, as in a test that passes null.
   */
  static InvocationDeadline of(Context context, Consumer<String> log) {
    int millis = context == null ? 0 : context.getRemainingTimeInMillis();
    return new InvocationDeadline(millis <= 0 ? null : Duration.ofMillis(millis), log);
  }

  /** A tenth of the time, between one and ten seconds: 10 s of a 15-minute function. */
  static Duration margin(Duration remaining) {
    if (remaining == null) {
      return Duration.ZERO;
    }
    Duration tenth = remaining.dividedBy(10);
    return tenth.compareTo(MIN_MARGIN) < 0
        ? MIN_MARGIN
        : tenth.compareTo(MAX_MARGIN) > 0 ? MAX_MARGIN : tenth;
  }

  /** The time left before the cancel, or null when there is no deadline. */
  Duration budget() {
    if (remaining == null) {
      return null;
    }
    return Duration.ofNanos(Math.max(0, cancelAtNanos - System.nanoTime()));
  }

  /** When the watchdog cancels, in {@link System#nanoTime()}; {@code Long.MAX_VALUE} for never. */
  long cancelAt() {
    return cancelAtNanos;
  }

  /** Refuses to start a run that would have less than a second before its cancel. */
  void requireTimeToStart() {
    Duration budget = budget();
    if (budget != null && budget.compareTo(MIN_MARGIN) < 0) {
      throw new MigrationException(
          ErrorCode.TIME_LIMIT,
          "the invocation had only "
              + remaining.toMillis()
              + " ms left when it started, too little to run anything; raise the function's"
              + " timeout");
    }
  }

  /**
   * The engine's settings for this invocation: the lock wait and statement_timeout no longer than
   * the time left (0, no statement limit, becomes the time left too).
   */
  MigratorConfig bound(MigratorConfig config) {
    Duration budget = budget();
    if (budget == null) {
      return config;
    }
    Duration limit = budget.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : budget;
    Duration statement =
        config.statementTimeout().isZero() || config.statementTimeout().compareTo(limit) > 0
            ? limit
            : config.statementTimeout();
    Duration lockWait =
        config.lockWaitTimeout().compareTo(limit) > 0 ? limit : config.lockWaitTimeout();
    return config.withTimeouts(lockWait, config.lockTimeout(), statement);
  }

  /** Connections from {@code source}, remembered so the watchdog can cancel what they run. */
  ConnectionSource track(ConnectionSource source) {
    return new ConnectionSource() {
      @Override
      public Connection getConnection() throws SQLException {
        Connection c = source.getConnection();
        lent.add(c);
        return c;
      }

      @Override
      public Connection getConnection(String username, String password) throws SQLException {
        return source.getConnection(username, password);
      }
    };
  }

  /**
   * Whether a failure with this code can come from the cancel: a failed statement, a lock retry cut
   * short, a lost or unexpected answer. A lock wait or a connection that ran out of time keeps its
   * own code: it says more.
   */
  static boolean causedByCancel(ErrorCode code) {
    return switch (code) {
      case MIGRATION_FAILED, LOCK_TIMEOUT, CONNECTION_LOST, NEEDS_ATTENTION, INTERNAL -> true;
      default -> false;
    };
  }

  /** Whether the watchdog cancelled, or the cancel time has passed. */
  boolean reached() {
    return fired || (remaining != null && System.nanoTime() - cancelAtNanos >= 0);
  }

  /**
   * The failure to report once the deadline was reached: {@link ErrorCode#TIME_LIMIT}, naming the
   * migration and keeping what the engine said about it (rolled back, or recorded as failed).
   */
  MigrationException timeLimit(MigrationException cause) {
    return new MigrationException(
        ErrorCode.TIME_LIMIT,
        cause.migration(),
        "the function's time was running out ("
            + remaining.toMillis() / 1000
            + " s for this invocation), so dbmigrate canceled the running statement "
            + margin(remaining).toMillis() / 1000
            + " s before the end and released the migration lock; what the run"
            + " reported: "
            + cause.getMessage()
            + ". Migrations applied before it stay applied. Raise the function's timeout"
            + " (at most 15 min), split the migration, or run a long one from a machine"
            + " that reaches the database (bin/db-tunnel)",
        cause);
  }

  private void cancelRunning() {
    if (!fired) {
      fired = true;
      log.accept(
          "the invocation's time is nearly up: canceling the running statement so that the"
              + " run rolls back and releases the lock before the function is stopped");
    }
    for (Connection c : lent) {
      try {
        // Given back to the pool: closed, and never lent again under this handle.
        if (!c.isClosed() && c.isWrapperFor(PGConnection.class)) {
          c.unwrap(PGConnection.class).cancelQuery();
        }
      } catch (SQLException | RuntimeException e) {
        log.accept("could not cancel a statement: " + e.getMessage());
      }
    }
  }

  /** Stops the watchdog; the invocation is over. */
  @Override
  public void close() {
    if (watchdog != null) {
      watchdog.shutdownNow();
    }
    lent.clear();
  }
}
