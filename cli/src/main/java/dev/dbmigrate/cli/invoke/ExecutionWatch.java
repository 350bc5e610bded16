package dev.dbmigrate.cli.invoke;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.MapRunItemCounts;

/**
 * Waits for one execution to end, at most {@code timeout}: polls DescribeExecution, every half
 * second at first and then less often (at most every 5 s), and reports the map run's item counts
 * whenever they change. It never waits past the timeout; the execution then goes on without it.
 */
final class ExecutionWatch {

  private static final Duration FIRST_POLL = Duration.ofMillis(500);
  private static final Duration MAX_POLL = Duration.ofSeconds(5);

  /** How the execution ended, and the map run's last counts (null when it never got one). */
  record End(DescribeExecutionResponse execution, MapRunItemCounts counts) {

    ExecutionStatus status() {
      return execution.status();
    }
  }

  private ExecutionWatch() {}

  static End await(
      StepFunctions sfn, String execution, Duration timeout, Consumer<String> progress) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Duration pause = FIRST_POLL;
    String last = null;
    boolean progressKnown = true;
    MapRunItemCounts counts = null;
    while (true) {
      DescribeExecutionResponse d = sfn.describe(execution);
      if (progressKnown) {
        try {
          Optional<MapRunItemCounts> now = sfn.progress(execution);
          if (now.isPresent()) {
            counts = now.get();
            String line = line(counts);
            if (!line.equals(last)) {
              progress.accept(line);
              last = line;
            }
          }
        } catch (SdkException e) {
          progressKnown = false;
          progress.accept(
              "fleet: no progress counts (ListMapRuns/DescribeMapRun: "
                  + StepFunctions.firstLine(e.getMessage())
                  + "); waiting for the end");
        }
      }
      if (d.status() != ExecutionStatus.RUNNING && d.status() != ExecutionStatus.PENDING_REDRIVE) {
        return new End(d, counts);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new MigrationException(
            ErrorCode.FUNCTION_ERROR,
            "execution "
                + execution
                + " is still running after --timeout "
                + timeout.toSeconds()
                + "s; it goes on without this command: follow it in the Step Functions console"
                + " (or aws stepfunctions describe-execution --execution-arn "
                + execution
                + "), and check the targets with --command status once it ends",
            null);
      }
      sleep(Math.min(pause.toNanos(), left));
      pause = pause.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : pause.multipliedBy(2);
    }
  }

  /** {@code fleet: 4 of 10 targets done (3 succeeded, 1 failed), 2 running}. */
  static String line(MapRunItemCounts c) {
    long failed = nz(c.failed()) + nz(c.timedOut()) + nz(c.aborted());
    long done = nz(c.succeeded()) + failed;
    return "fleet: "
        + done
        + " of "
        + nz(c.total())
        + " targets done ("
        + nz(c.succeeded())
        + " succeeded, "
        + failed
        + " failed), "
        + nz(c.running())
        + " running";
  }

  static long nz(Long n) {
    return n == null ? 0 : n;
  }

  private static void sleep(long nanos) {
    try {
      Thread.sleep(Duration.ofNanos(nanos).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MigrationException(
          ErrorCode.INTERNAL,
          "interrupted while waiting for the execution; it goes on without this command",
          e);
    }
  }
}
