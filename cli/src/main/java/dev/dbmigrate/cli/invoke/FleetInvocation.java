package dev.dbmigrate.cli.invoke;

import dev.dbmigrate.cli.Json;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.MapRunItemCounts;

/**
 * One run of the fleet state machine: starts an execution with {@code {"command", "dryRun"}}, waits
 * for it, and reads every target's result from what the map run wrote to S3. How it ended decides
 * the outcome: succeeded (failed targets within the threshold are listed, exit 0), the threshold
 * crossed (exit 26), the list refused by {@code fleet-targets} (exit 25), or another failure of the
 * execution (its own code, or 20). A failed execution has no output naming the results; given the
 * results bucket, they are looked up by the execution's map run ({@link FleetResults#manifestKey}),
 * so that crossing the threshold still names the failed targets.
 */
final class FleetInvocation {

  static final String THRESHOLD_ERROR = "States.ExceedToleratedFailureThreshold";

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final StepFunctions sfn;
  private final FleetResults results;
  private final Consumer<String> progress;

  FleetInvocation(StepFunctions sfn, FleetResults results, Consumer<String> progress) {
    this.sfn = sfn;
    this.results = results;
    this.progress = progress;
  }

  /**
   * @param resultsBucket the fleet's results bucket, or null: where to look for the map run's
   *     results when the execution's output does not name them (it failed)
   */
  FleetReport run(
      String stateMachine, String command, boolean dryRun, Duration timeout, String resultsBucket) {
    Map<String, Object> input = Json.object();
    input.put("command", command);
    input.put("dryRun", dryRun);
    String name =
        "dbmigrate-"
            + command
            + "-"
            + STAMP.format(Instant.now())
            + "-"
            + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0x100000));
    String execution = sfn.start(stateMachine, name, Json.write(input));
    progress.accept("fleet: started " + execution);
    ExecutionWatch.End end = ExecutionWatch.await(sfn, execution, timeout, progress);
    DescribeExecutionResponse d = end.execution();
    FleetReport.Counts counts = counts(end.counts());
    if (d.status() == ExecutionStatus.SUCCEEDED) {
      Optional<Map<String, JsonNode>> writer = resultWriter(d.output());
      List<TargetRun> runs;
      if (writer.isPresent()) {
        runs =
            results.read(
                FunctionReply.text(writer.get(), "Bucket"),
                FunctionReply.text(writer.get(), "Key"));
      } else if (resultsBucket != null) {
        runs = fromMapRun(execution, resultsBucket);
      } else {
        throw new MigrationException(
            ErrorCode.FUNCTION_ERROR,
            "execution "
                + execution
                + " succeeded without ResultWriterDetails in its output; --fleet takes the"
                + " state machine of the FleetMigration construct, whose map writes its results to"
                + " S3 (with --results-bucket <its results bucket> they are looked up by map run)",
            null);
      }
      return new FleetReport(
          command, dryRun, stateMachine, execution, d.statusAsString(), false, counts, runs);
    }
    if (d.status() == ExecutionStatus.FAILED && THRESHOLD_ERROR.equals(d.error())) {
      List<TargetRun> runs = List.of();
      if (resultsBucket != null) {
        try {
          runs = fromMapRun(execution, resultsBucket);
        } catch (MigrationException e) {
          // The threshold decides the exit code (26); the names are a help on top of it.
          progress.accept("fleet: the failed targets cannot be named: " + e.getMessage());
        }
      }
      return new FleetReport(
          command, dryRun, stateMachine, execution, d.statusAsString(), true, counts, runs);
    }
    throw failed(execution, d);
  }

  /**
   * Every target's result, read from where the execution's map run wrote them in {@code bucket}
   * ({@link FleetResults#manifestKey}); for an execution without output, which does not name them.
   */
  private List<TargetRun> fromMapRun(String execution, String bucket) {
    String mapRun =
        sfn.mapRun(execution)
            .orElseThrow(
                () ->
                    new MigrationException(
                        ErrorCode.FUNCTION_ERROR,
                        "execution "
                            + execution
                            + " has no map run, so no results to read in s3://"
                            + bucket,
                        null));
    String key = FleetResults.manifestKey(mapRun);
    progress.accept("fleet: reading the results of " + mapRun + " from s3://" + bucket + "/" + key);
    return results.read(bucket, key);
  }

  /** The execution's output: the ResultWriter's {@code {"Bucket", "Key"}} of the manifest. */
  private static Optional<Map<String, JsonNode>> resultWriter(String output) {
    return FunctionReply.object(output)
        .flatMap(o -> Optional.ofNullable(o.get("ResultWriterDetails")))
        .filter(JsonNode::isObject)
        .map(JsonNode::asObject)
        .filter(w -> w.containsKey("Bucket") && w.containsKey("Key"));
  }

  /**
   * A failure other than the threshold: the function's own when a task failed with one (a list
   * {@code fleet-targets} refused is exit 25), else the execution's error and cause.
   */
  private static MigrationException failed(String execution, DescribeExecutionResponse d) {
    Optional<Map<String, JsonNode>> reply = FleetFailure.reply(d.cause());
    if (reply.isPresent()) {
      Map<String, JsonNode> r = reply.get();
      Map<String, JsonNode> error = FunctionReply.error(r);
      ErrorCode code = FunctionReply.code(FunctionReply.text(error, "code"));
      String message = FunctionReply.text(error, "message");
      if ("fleet-targets".equals(FunctionReply.text(r, "command"))) {
        return new MigrationException(
            code == ErrorCode.CONFIGURATION ? ErrorCode.INVALID_TARGETS : code,
            "fleet-targets refused the list of targets, nothing ran on any target: " + message,
            null);
      }
      return new MigrationException(
          code,
          FunctionReply.text(error, "migration"),
          "execution " + execution + " failed: " + message,
          null);
    }
    return new MigrationException(
        ErrorCode.FUNCTION_ERROR,
        "execution "
            + execution
            + " "
            + d.statusAsString().toLowerCase(Locale.ROOT).replace('_', ' ')
            + (d.error() == null ? "" : ": " + d.error())
            + (d.cause() == null ? "" : ": " + StepFunctions.firstLine(d.cause()))
            + "; the targets' state is unknown: check them with --command status",
        null);
  }

  private static FleetReport.Counts counts(MapRunItemCounts c) {
    if (c == null) {
      return null;
    }
    long failed =
        ExecutionWatch.nz(c.failed())
            + ExecutionWatch.nz(c.timedOut())
            + ExecutionWatch.nz(c.aborted());
    long succeeded = ExecutionWatch.nz(c.succeeded());
    long total = ExecutionWatch.nz(c.total());
    return new FleetReport.Counts(
        total, succeeded, failed, Math.max(0, total - succeeded - failed));
  }
}
