package dev.dbmigrate.cli;

import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Work every database command needs before its first connection, done on a thread of its own while
 * the main thread parses the command line and lists the migrations: java.util.logging's start (the
 * PostgreSQL driver logs through it, and its start looks for a logging provider in every jar on the
 * class path), the driver's logger set quiet, and the calendar and time zone data the driver's
 * first connection loads. On two cores this takes it off the path to the first statement.
 *
 * <p>{@link #driverLogQuiet} waits for it, so no driver log line can come out before the level is
 * set, whichever thread connects first.
 */
public final class Warmup {

  /** Held so the setting sticks: java.util.logging keeps loggers only weakly. */
  private static volatile Logger driverLog;

  /** Counted down once the latest {@link #start} set the level; none pending before a start. */
  private static volatile CountDownLatch levelSet = new CountDownLatch(0);

  private Warmup() {}

  /** Starts the warm-up; the driver logs warnings with {@code verbose}, nothing without. */
  public static void start(boolean verbose) {
    CountDownLatch set = new CountDownLatch(1);
    levelSet = set;
    Runnable work =
        () -> {
          try {
            Logger log = Logger.getLogger("org.postgresql");
            log.setLevel(verbose ? Level.WARNING : Level.OFF);
            driverLog = log;
          } finally {
            set.countDown();
          }
          // Only speeds the first connection up; a failure here shows when it connects.
          try {
            new java.util.GregorianCalendar();
            Class.forName("org.postgresql.Driver");
            Class.forName("org.postgresql.core.ServerVersion");
          } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
            // nothing to do
          }
        };
    Thread t = new Thread(work, "dbmigrate-warmup");
    t.setDaemon(true);
    t.start();
  }

  /** Returns once the driver's log level is set by the latest {@link #start}. */
  public static void driverLogQuiet() {
    try {
      levelSet.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The driver's logger, once set; for tests. */
  static Logger driverLog() {
    driverLogQuiet();
    return driverLog;
  }
}
