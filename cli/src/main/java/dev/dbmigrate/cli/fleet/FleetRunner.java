package dev.dbmigrate.cli.fleet;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one piece of work per target, at most {@code parallel} at a time, in the fleet's order.
 * Under {@link FailurePolicy#STOP} a failure starts no further target: those running finish, the
 * rest are skipped. Each target's work takes its own run lock in its own database session, so the
 * targets need nothing from each other.
 */
public final class FleetRunner {

  private final int parallel;
  private final FailurePolicy policy;

  public FleetRunner(int parallel, FailurePolicy policy) {
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel must be 1 or more, not " + parallel);
    }
    this.parallel = parallel;
    this.policy = policy;
  }

  /**
   * A small multiple of the cores: each target spends most of its time waiting for its database, so
   * 2 per core keeps the cores busy. At most 16, because each running target holds two connections
   * and many targets often share one server, whose max_connections is 100 by default.
   */
  public static int defaultParallelism() {
    return Math.min(16, Math.max(2, 2 * Runtime.getRuntime().availableProcessors()));
  }

  /**
   * Runs {@code work} on every target and waits for all of them.
   *
   * @param work one target's work; it returns a failed result rather than throwing
   * @param finished told of each result as it comes, from the worker threads, one at a time
   * @return the results in the targets' order
   */
  public List<TargetResult> run(
      List<FleetTarget> targets,
      Function<FleetTarget, TargetResult> work,
      Consumer<TargetResult> finished) {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger counter = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(parallel, targets.size()),
            r -> {
              Thread t = new Thread(r, "dbmigrate-fleet-" + counter.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    Object reporting = new Object();
    List<Future<TargetResult>> futures = new ArrayList<>(targets.size());
    try {
      for (FleetTarget target : targets) {
        futures.add(
            pool.submit(
                () -> {
                  TargetResult r = stop.get() ? TargetResult.skipped(target) : work.apply(target);
                  if (r.outcome() == Outcome.FAILED && policy == FailurePolicy.STOP) {
                    stop.set(true);
                  }
                  synchronized (reporting) {
                    finished.accept(r);
                  }
                  return r;
                }));
      }
      List<TargetResult> results = new ArrayList<>(targets.size());
      for (Future<TargetResult> f : futures) {
        results.add(f.get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MigrationException(ErrorCode.INTERNAL, "the fleet run was interrupted", e);
    } catch (ExecutionException e) {
      throw new MigrationException(
          ErrorCode.INTERNAL, "unexpected failure in a fleet run: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
