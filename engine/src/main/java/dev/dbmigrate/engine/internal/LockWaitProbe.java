package dev.dbmigrate.engine.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Watches a running migration from the control connection and remembers what lock it waits for and
 * who holds it. PostgreSQL's lock timeout error does not say which lock it was, and once it fires
 * the wait is gone, so the only way to tell the user is to look while the wait lasts. The first
 * look happens after a third of the lock timeout, so quick migrations cost nothing.
 */
final class LockWaitProbe {

  private static final LockWaitProbe NONE = new LockWaitProbe(null, null, 0);

  private final Session session;
  private final Connection observer;
  private final long pid;
  private ScheduledFuture<?> task;
  private volatile String lastSeen;
  private boolean stopped;

  private LockWaitProbe(Session session, Connection observer, long pid) {
    this.session = session;
    this.observer = observer;
    this.pid = pid;
  }

  static LockWaitProbe start(Session session, Connection work, Duration lockTimeout)
      throws SQLException {
    if (lockTimeout.isZero()) {
      return NONE;
    }
    LockWaitProbe probe = new LockWaitProbe(session, session.control(), session.workPid(work));
    long period = Math.max(50, lockTimeout.toMillis() / 3);
    probe.task =
        session
            .scheduler()
            .scheduleWithFixedDelay(probe::look, period, period, TimeUnit.MILLISECONDS);
    return probe;
  }

  private synchronized void look() {
    if (stopped) {
      return;
    }
    try {
      session.adapter().describeLockWait(observer, pid).ifPresent(s -> lastSeen = s);
    } catch (SQLException | RuntimeException e) {
      // Diagnosis only: a failed look must never fail the migration.
    }
  }

  /** Stops looking; after this returns the control connection is free for the caller. */
  void stop() {
    if (task == null) {
      return;
    }
    task.cancel(false);
    synchronized (this) {
      stopped = true;
    }
  }

  String lastSeen() {
    return lastSeen;
  }
}
