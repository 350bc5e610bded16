package dev.dbmigrate.engine.internal;

import dev.dbmigrate.engine.AppliedMigration;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigrationListener;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * History rows that say a non-transactional migration is running, found by a run that holds the
 * lock. The run that wrote such a row is gone (it would still hold the lock otherwise), but its
 * database session may not be: after a kill -9 the server finishes the statement it was given and
 * commits it. While that session lives the run waits, up to lock-wait-timeout, as it waits for the
 * lock; once it is gone the row stays for a person to judge (see {@link Plan#interrupted}).
 */
final class RunningMigrations {

  private static final long MAX_POLL_MILLIS = 1000;

  private final Session session;
  private final Duration timeout;
  private final MigrationListener listener;

  RunningMigrations(Session session, Duration timeout, MigrationListener listener) {
    this.session = session;
    this.timeout = timeout;
    this.listener = listener;
  }

  /** The history once no running row has a live session, read again if any had one. */
  List<AppliedMigration> awaitSessions(List<AppliedMigration> history) throws SQLException {
    Optional<AppliedMigration> live = firstLive(history);
    if (live.isEmpty()) {
      return history;
    }
    listener.waitingForRunningMigration(live.get().name(), live.get().backendPid(), timeout);
    long deadline = System.nanoTime() + timeout.toNanos();
    long pollMillis = 50;
    while (live.isPresent()) {
      if (System.nanoTime() >= deadline) {
        throw stillRunning(live.get());
      }
      sleep(Math.min(pollMillis, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
      pollMillis = Math.min(pollMillis * 2, MAX_POLL_MILLIS);
      history = session.adapter().readHistory(session.control());
      live = firstLive(history);
    }
    return history;
  }

  private Optional<AppliedMigration> firstLive(List<AppliedMigration> history) throws SQLException {
    for (AppliedMigration row : history) {
      if (row.running()
          && row.backend() != null
          && session.adapter().sessionAlive(session.control(), row)) {
        return Optional.of(row);
      }
    }
    return Optional.empty();
  }

  private MigrationException stillRunning(AppliedMigration row) {
    int pid = row.backendPid();
    return new MigrationException(
        ErrorCode.LOCKED,
        row.name(),
        "migration "
            + row.name()
            + " is still running outside a transaction in database session pid "
            + pid
            + ", left by a run that has ended; waited "
            + timeout.toSeconds()
            + " s. Run again when it is done (or raise lock-wait-timeout), or end that session"
            + " with "
            + session.adapter().traits().endSession(pid)
            + " and then check what it applied",
        null);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MigrationException(
          ErrorCode.LOCKED, "interrupted while waiting for a running migration");
    }
  }
}
