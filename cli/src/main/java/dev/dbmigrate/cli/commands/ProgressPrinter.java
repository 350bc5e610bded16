package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.config.Durations;
import dev.dbmigrate.engine.Direction;
import dev.dbmigrate.engine.LockHolder;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigrationListener;
import java.io.PrintWriter;
import java.time.Duration;

/** Shows a run's progress as it happens: one line per migration, statements with --verbose. */
final class ProgressPrinter implements MigrationListener {

  private final PrintWriter out;
  private final boolean verbose;

  ProgressPrinter(PrintWriter out, boolean verbose) {
    this.out = out;
    this.verbose = verbose;
  }

  @Override
  public void waitingForLock(LockHolder holder, Duration timeout) {
    out.println(
        "Waiting up to "
            + Durations.format(timeout)
            + " for the migration lock, held by "
            + holder.describe());
    out.flush();
  }

  @Override
  public void waitingForRunningMigration(String migration, int pid, Duration timeout) {
    out.println(
        "Waiting up to "
            + Durations.format(timeout)
            + " for "
            + migration
            + ": a run that ended left it running outside a transaction in database session pid "
            + pid);
    out.flush();
  }

  @Override
  public void starting(String migration, Direction direction, int index, int total) {
    out.print(
        (direction == Direction.UP ? "  up   " : "  down ")
            + "["
            + index
            + "/"
            + total
            + "] "
            + migration
            + " ...");
    if (verbose) {
      out.println();
    }
    out.flush();
  }

  @Override
  public void finished(String migration, Direction direction, Duration took) {
    out.println((verbose ? "  done " + migration + " " : " ") + took.toMillis() + " ms");
    out.flush();
  }

  @Override
  public void failed(String migration, Direction direction, MigrationException error) {
    out.println(verbose ? "  failed " + migration : " failed");
    out.flush();
  }

  @Override
  public void retrying(String migration, int attempt, Duration delay, String reason) {
    out.println();
    out.println(
        "  lock_timeout hit by "
            + migration
            + " (attempt "
            + attempt
            + ")"
            + (reason == null ? "" : ": " + reason)
            + "; retrying in "
            + Durations.format(delay));
    out.flush();
  }

  @Override
  public void statement(String migration, String sql) {
    if (verbose) {
      out.println("    sql: " + sql);
      out.flush();
    }
  }
}
