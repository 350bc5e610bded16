package dev.dbmigrate.cli.fleet;

import dev.dbmigrate.cli.config.Durations;
import dev.dbmigrate.engine.LockHolder;
import dev.dbmigrate.engine.MigrationListener;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

/**
 * A fleet run as it happens: one line per target when it is done, and, for a target that waits or
 * retries, a line saying so, prefixed with its name. Targets run on several threads, so every line
 * is written whole under one lock.
 */
public final class FleetProgress {

  private final PrintWriter out;
  private final boolean verbose;
  private final int total;
  private int done;

  public FleetProgress(PrintWriter out, boolean verbose, int total) {
    this.out = out;
    this.verbose = verbose;
    this.total = total;
  }

  synchronized void finished(TargetResult r) {
    done++;
    String width = Integer.toString(Integer.toString(total).length());
    out.printf(
        "[%" + width + "d/%d] %-20s %-11s %s%s%n",
        done,
        total,
        r.target().name(),
        r.outcome().label(),
        r.problem() != null ? "exit " + r.exitCode() + ": " : "",
        r.detail());
    out.flush();
  }

  synchronized void line(String target, String text) {
    out.println("  " + target + ": " + text);
    out.flush();
  }

  /** With --verbose, a target's stack trace, for a failure that is a bug. */
  void trace(String target, Throwable e) {
    if (verbose) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      line(target, dev.dbmigrate.cli.config.Redact.url(trace.toString()));
    }
  }

  /** What one target's run reports while it runs. */
  MigrationListener listener(String target) {
    return new MigrationListener() {
      @Override
      public void waitingForLock(LockHolder holder, Duration timeout) {
        line(
            target,
            "waiting up to "
                + Durations.format(timeout)
                + " for the migration lock, held by "
                + holder.describe());
      }

      @Override
      public void waitingForRunningMigration(String migration, int pid, Duration timeout) {
        line(
            target,
            "waiting up to "
                + Durations.format(timeout)
                + " for "
                + migration
                + ", left running by a run that ended, in database session pid "
                + pid);
      }

      @Override
      public void retrying(String migration, int attempt, Duration delay, String reason) {
        line(
            target,
            "lock_timeout hit by "
                + migration
                + " (attempt "
                + attempt
                + ")"
                + (reason == null ? "" : ": " + reason)
                + "; retrying in "
                + Durations.format(delay));
      }

      @Override
      public void statement(String migration, String sql) {
        if (verbose) {
          line(target, "sql: " + sql);
        }
      }
    };
  }
}
