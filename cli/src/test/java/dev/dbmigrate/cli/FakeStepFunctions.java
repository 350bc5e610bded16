package dev.dbmigrate.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dbmigrate.aws.testing.FakeS3;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * A local Step Functions endpoint (AWS JSON 1.0: {@code X-Amz-Target: AWSStepFunctions.<op>}) for
 * StartExecution, DescribeExecution, ListMapRuns and DescribeMapRun, whose executions do what the
 * fleet state machine does, on this machine: ListTargets invokes the function with {@code
 * fleet-targets}; the map reads the items it wrote to S3 and invokes the function once per item
 * with {@code {"command", "dryRun", "target"}}; the results are written to S3 as a Distributed
 * Map's ResultWriter writes them (a manifest and result files under {@code results/<map run id>/}),
 * and an execution whose failed share passes the tolerated percentage fails with
 * States.ExceedToleratedFailureThreshold, without output, its results written all the same (what
 * the guide implies with its PENDING files; not checked against the service). "The function" is
 * whatever the test passes, here the real MigrationHandler. Step Functions itself does not run:
 * this is the contract the construct's state machine is built to, not the service.
 */
final class FakeStepFunctions implements AutoCloseable {

  static final String REGION = "eu-west-1";
  static final String ACCOUNT = "123456789012";

  /** One state machine: where its list comes from, where results go, what it tolerates. */
  record Machine(String source, String bucket, int toleratedFailurePercentage) {}

  /** One StartExecution request as it arrived. */
  record Start(String stateMachineArn, String name, String input) {}

  private static final class Execution {
    final String arn;
    final String machine;
    final String name;
    final String input;
    final String start = Double.toString(System.currentTimeMillis() / 1000.0);
    volatile String status = "RUNNING";
    volatile String output;
    volatile String error;
    volatile String cause;
    volatile String mapRunArn;
    volatile int total;
    final AtomicInteger succeeded = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();

    Execution(String arn, String machine, String name, String input) {
      this.arn = arn;
      this.machine = machine;
      this.name = name;
      this.input = input;
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final ExecutorService runner = Executors.newSingleThreadExecutor();
  private final FakeS3 s3;
  private final Function<Map<String, Object>, Map<String, Object>> function;
  private final Map<String, Machine> machines = new ConcurrentHashMap<>();
  private final Map<String, Execution> executions = new ConcurrentHashMap<>();
  private final List<Start> starts = new CopyOnWriteArrayList<>();
  private final CountDownLatch hold = new CountDownLatch(1);
  private volatile boolean holding;

  /**
   * @param function invokes the migration function with an event and returns its reply; a thrown
   *     exception is a function error, reported as Lambda reports one to Step Functions
   */
  FakeStepFunctions(FakeS3 s3, Function<Map<String, Object>, Map<String, Object>> function)
      throws IOException {
    this.s3 = s3;
    this.function = function;
    server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Defines a state machine; returns its ARN. */
  String machine(String name, Machine machine) {
    String arn = "arn:aws:states:" + REGION + ":" + ACCOUNT + ":stateMachine:" + name;
    machines.put(arn, machine);
    return arn;
  }

  /** From now on, executions stay RUNNING (until {@link #close()}). */
  void holdExecutions() {
    holding = true;
  }

  List<Start> starts() {
    return starts;
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String op = String.valueOf(x.getRequestHeaders().getFirst("X-Amz-Target"));
      JsonNode body = JsonNode.parser().parse(x.getRequestBody().readAllBytes());
      switch (op) {
        case "AWSStepFunctions.StartExecution" -> start(x, body);
        case "AWSStepFunctions.DescribeExecution" -> describe(x, body);
        case "AWSStepFunctions.ListMapRuns" -> listMapRuns(x, body);
        case "AWSStepFunctions.DescribeMapRun" -> describeMapRun(x, body);
        default -> error(x, "UnknownOperationException", "not served here: " + op);
      }
    }
  }

  private void start(HttpExchange x, JsonNode body) throws IOException {
    String machine = text(body, "stateMachineArn");
    String name = text(body, "name");
    String input = text(body, "input");
    starts.add(new Start(machine, name, input));
    Machine m = machines.get(machine);
    if (m == null) {
      error(x, "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + machine + "'");
      return;
    }
    String arn = machine.replace(":stateMachine:", ":execution:") + ":" + name;
    Execution e = new Execution(arn, machine, name, input);
    executions.put(arn, e);
    runner.execute(() -> run(e, m));
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("executionArn", arn);
    reply.put("startDate", Double.parseDouble(e.start));
    send(x, 200, Json.write(reply));
  }

  /** What the state machine does with one execution. */
  private void run(Execution e, Machine m) {
    if (holding) {
      try {
        hold.await();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    Map<String, Object> input = plainObject(JsonNode.parser().parse(e.input));
    Map<String, Object> listTargets = new LinkedHashMap<>();
    listTargets.put("command", "fleet-targets");
    listTargets.put("source", m.source());
    listTargets.put("itemsBucket", m.bucket());
    listTargets.put("itemsKey", "targets/" + e.name + ".json");
    Map<String, Object> targets;
    try {
      targets = function.apply(listTargets);
    } catch (RuntimeException failure) {
      e.error = failure.getClass().getName();
      e.cause = lambdaError(failure);
      e.status = "FAILED";
      return;
    }
    List<JsonNode> items =
        JsonNode.parser()
            .parse(
                s3.get(String.valueOf(targets.get("bucket")), String.valueOf(targets.get("key"))))
            .asArray();
    // As the Step Functions Developer Guide shows them (ResultWriter, "Exporting to Amazon S3"):
    // arn:...:mapRun:<state machine>/<map state>:<id>, its results under <prefix>/<id>/.
    String mapRunId = UUID.randomUUID().toString();
    e.mapRunArn = e.machine.replace(":stateMachine:", ":mapRun:") + "/MigrateEach:" + mapRunId;
    e.total = items.size();
    List<Object> succeeded = new ArrayList<>();
    List<Object> failed = new ArrayList<>();
    for (JsonNode item : items) {
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("command", input.get("command"));
      event.put("dryRun", input.get("dryRun"));
      event.put("target", plainObject(item));
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("ExecutionArn", e.mapRunArn + ":" + UUID.randomUUID());
      result.put("Input", Json.write(event));
      result.put("InputDetails", Map.of("Included", true));
      result.put("Name", UUID.randomUUID().toString());
      result.put("StartDate", "2026-12-01T00:00:00.000Z");
      try {
        Map<String, Object> reply = function.apply(event);
        result.put("Output", Json.write(reply));
        result.put("OutputDetails", Map.of("Included", true));
        result.put("Status", "SUCCEEDED");
        succeeded.add(result);
        e.succeeded.incrementAndGet();
      } catch (RuntimeException failure) {
        result.put("Error", failure.getClass().getName());
        result.put("Cause", lambdaError(failure));
        result.put("Status", "FAILED");
        failed.add(result);
        e.failed.incrementAndGet();
      }
      result.put("StopDate", "2026-12-01T00:00:01.000Z");
    }
    String prefix = "results/" + mapRunId + "/";
    Map<String, Object> files = new LinkedHashMap<>();
    files.put("FAILED", write(m.bucket(), prefix + "FAILED_0.json", failed));
    files.put("PENDING", List.of());
    files.put("SUCCEEDED", write(m.bucket(), prefix + "SUCCEEDED_0.json", succeeded));
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("DestinationBucket", m.bucket());
    manifest.put("MapRunArn", e.mapRunArn);
    manifest.put("ResultFiles", files);
    s3.put(m.bucket(), prefix + "manifest.json", Json.write(manifest));
    if (e.failed.get() * 100 > m.toleratedFailurePercentage() * e.total) {
      e.error = "States.ExceedToleratedFailureThreshold";
      e.cause = "The specified tolerated failure threshold was exceeded";
      e.status = "FAILED";
      return;
    }
    Map<String, Object> writer = new LinkedHashMap<>();
    writer.put("Bucket", m.bucket());
    writer.put("Key", prefix + "manifest.json");
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("MapRunArn", e.mapRunArn);
    output.put("ResultWriterDetails", writer);
    e.output = Json.write(output);
    e.status = "SUCCEEDED";
  }

  /** A result file, when there is something to write; its manifest entries. */
  private List<Object> write(String bucket, String key, List<Object> results) {
    if (results.isEmpty()) {
      return List.of();
    }
    String text = Json.write(results);
    s3.put(bucket, key, text);
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("Key", key);
    entry.put("Size", text.getBytes(StandardCharsets.UTF_8).length);
    return List.of(entry);
  }

  /** The Lambda service's error document for a function that threw. */
  private static String lambdaError(RuntimeException failure) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("errorMessage", failure.getMessage());
    doc.put("errorType", failure.getClass().getName());
    doc.put("stackTrace", List.of());
    return Json.write(doc);
  }

  private void describe(HttpExchange x, JsonNode body) throws IOException {
    Execution e = executions.get(text(body, "executionArn"));
    if (e == null) {
      error(x, "ExecutionDoesNotExist", "Execution Does Not Exist");
      return;
    }
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("executionArn", e.arn);
    reply.put("stateMachineArn", e.machine);
    reply.put("name", e.name);
    reply.put("status", e.status);
    reply.put("startDate", Double.parseDouble(e.start));
    reply.put("input", e.input);
    if (e.output != null) {
      reply.put("output", e.output);
    }
    if (e.error != null) {
      reply.put("error", e.error);
      reply.put("cause", e.cause);
    }
    send(x, 200, Json.write(reply));
  }

  private void listMapRuns(HttpExchange x, JsonNode body) throws IOException {
    Execution e = executions.get(text(body, "executionArn"));
    List<Object> runs = new ArrayList<>();
    if (e != null && e.mapRunArn != null) {
      Map<String, Object> run = new LinkedHashMap<>();
      run.put("executionArn", e.arn);
      run.put("mapRunArn", e.mapRunArn);
      run.put("stateMachineArn", e.machine);
      run.put("startDate", Double.parseDouble(e.start));
      runs.add(run);
    }
    send(x, 200, Json.write(Map.of("mapRuns", runs)));
  }

  private void describeMapRun(HttpExchange x, JsonNode body) throws IOException {
    String arn = text(body, "mapRunArn");
    Execution e =
        executions.values().stream().filter(v -> arn.equals(v.mapRunArn)).findFirst().orElse(null);
    if (e == null) {
      error(x, "ResourceNotFound", "Map Run Does Not Exist");
      return;
    }
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("pending", 0);
    counts.put("running", e.total - e.succeeded.get() - e.failed.get());
    counts.put("succeeded", e.succeeded.get());
    counts.put("failed", e.failed.get());
    counts.put("timedOut", 0);
    counts.put("aborted", 0);
    counts.put("total", e.total);
    counts.put("resultsWritten", e.succeeded.get() + e.failed.get());
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("mapRunArn", arn);
    reply.put("executionArn", e.arn);
    reply.put("status", e.status);
    reply.put("startDate", Double.parseDouble(e.start));
    reply.put("maxConcurrency", 10);
    reply.put("toleratedFailurePercentage", machines.get(e.machine).toleratedFailurePercentage());
    reply.put("toleratedFailureCount", 0);
    reply.put("itemCounts", counts);
    reply.put("executionCounts", counts);
    send(x, 200, Json.write(reply));
  }

  /** An event as the Lambda runtime hands it to the handler: maps, strings and booleans. */
  static Map<String, Object> plainObject(JsonNode node) {
    Map<String, Object> out = new LinkedHashMap<>();
    node.asObject()
        .forEach(
            (k, v) ->
                out.put(
                    k,
                    v.isObject()
                        ? plainObject(v)
                        : v.isBoolean()
                            ? (Object) v.asBoolean()
                            : v.isNull() ? null : v.asString()));
    return out;
  }

  private static String text(JsonNode body, String field) {
    return body.field(field).map(JsonNode::asString).orElse(null);
  }

  private static void error(HttpExchange x, String type, String message) throws IOException {
    send(x, 400, Json.write(Map.of("__type", type, "message", message)));
  }

  private static void send(HttpExchange x, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
    x.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    x.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    hold.countDown();
    server.stop(0);
    runner.shutdownNow();
    executor.shutdownNow();
  }
}
