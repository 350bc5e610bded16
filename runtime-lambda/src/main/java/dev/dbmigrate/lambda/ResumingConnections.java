package dev.dbmigrate.lambda;

import dev.dbmigrate.engine.ConnectionSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Connections that wait for a database that does not accept them yet. An Aurora Serverless v2
 * cluster that paused at zero capacity resumes when a client connects, which takes about 15 s, and
 * refuses or times out connections meanwhile; a restarting or failing-over server does the same. So
 * a failure to reach the server is tried again, waiting 0.5 s, then 1, 2, 4 and at most 5 s between
 * attempts, for at most a minute and never past the invocation's cancel time, so the retries never
 * cost the run its reply. A refused password, an unknown database or an unknown host is not
 * retried: waiting does not change them.
 *
 * <p>One per invocation: it remembers how long the database kept the run waiting, for the reply.
 */
final class ResumingConnections implements ConnectionSource {

  static final Duration FIRST_WAIT = Duration.ofMillis(500);
  static final Duration MAX_WAIT = Duration.ofSeconds(5);

  /**
   * Retries stop after this long even when the invocation has more time: four times a usual resume,
   * and a database that is simply down fails the pipeline step in a minute, not at the function's
   * timeout.
   */
  static final Duration MAX_TOTAL = Duration.ofSeconds(60);

  private final ConnectionSource delegate;
  private final long giveUpAtNanos;
  private final Consumer<String> log;
  private int failedAttempts;
  private long waitedNanos;
  private long firstAttemptNanos;

  /**
   * @param giveUpAtNanos when to stop trying, in {@link System#nanoTime()}, at the latest {@link
   *     #MAX_TOTAL} after the first attempt; {@code Long.MAX_VALUE} for that alone
   */
  ResumingConnections(ConnectionSource delegate, long giveUpAtNanos, Consumer<String> log) {
    this.delegate = delegate;
    this.giveUpAtNanos = giveUpAtNanos;
    this.log = log;
  }

  @Override
  public Connection getConnection() throws SQLException {
    long start = System.nanoTime();
    if (firstAttemptNanos == 0) {
      firstAttemptNanos = start;
    }
    long window = firstAttemptNanos + MAX_TOTAL.toNanos();
    long giveUpAt = giveUpAtNanos - window < 0 ? giveUpAtNanos : window;
    Duration wait = FIRST_WAIT;
    int attempt = 1;
    while (true) {
      long attemptStart = System.nanoTime();
      try {
        Connection c = delegate.getConnection();
        if (attempt > 1) {
          waitedNanos += System.nanoTime() - start;
          log.accept("connected on attempt " + attempt + ", " + seconds(waitedNanos) + " s after");
        }
        return c;
      } catch (SQLException e) {
        if (!notAcceptingYet(e)) {
          throw e;
        }
        failedAttempts++;
        long now = System.nanoTime();
        // The next attempt must end in time too: assume it takes as long as this one did.
        if (now + wait.toNanos() + (now - attemptStart) - giveUpAt > 0) {
          throw new SQLException(
              e.getMessage()
                  + "; tried "
                  + attempt
                  + (attempt == 1 ? " time" : " times")
                  + " over "
                  + seconds(now - start)
                  + " s (an Aurora Serverless v2 cluster resuming from zero capacity takes about"
                  + " 15 s)",
              e.getSQLState(),
              e);
        }
        log.accept(
            "the database does not accept connections yet (attempt "
                + attempt
                + ": "
                + e.getMessage()
                + "); it may be resuming from a pause, trying again in "
                + wait.toMillis()
                + " ms");
        sleep(wait);
        wait = wait.multipliedBy(2).compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait.multipliedBy(2);
        attempt++;
      }
    }
  }

  /**
   * What the reply says when the database kept the run waiting: that it was not accepting
   * connections yet, as a paused Aurora Serverless v2 cluster does while it resumes.
   */
  Optional<String> note() {
    if (failedAttempts == 0) {
      return Optional.empty();
    }
    return Optional.of(
        "the database did not accept connections at first: "
            + failedAttempts
            + (failedAttempts == 1 ? " attempt" : " attempts")
            + " failed and the run waited "
            + seconds(waitedNanos)
            + " s for it (an Aurora Serverless v2 cluster resuming from zero capacity, or a"
            + " server restarting)");
  }

  /**
   * Connection refused, reset or timed out (SQLSTATE class 08, as the driver reports them) and "the
   * database system is starting up" (57P03); not 08004, the driver's "the server asked for a
   * password that was not given", which waiting does not change.
   */
  static boolean notAcceptingYet(SQLException e) {
    String state = e.getSQLState();
    if (state == null) {
      return false;
    }
    if (state.equals("57P03")) {
      return true;
    }
    return state.startsWith("08") && !state.equals("08004") && !unknownHost(e);
  }

  private static boolean unknownHost(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof java.net.UnknownHostException) {
        return true;
      }
    }
    return false;
  }

  private static String seconds(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e9);
  }

  private static void sleep(Duration d) throws SQLException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for the database", "08001", e);
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return delegate.getConnection(username, password);
  }
}
