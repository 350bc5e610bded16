package dev.dbmigrate.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Lambda Runtime API (2018-06-01) as the service offers it to a runtime: the runtime asks for
 * the next event with GET .../invocation/next (which waits until there is one) and posts the reply
 * to .../invocation/&lt;id&gt;/response or .../error, or reports a failed start to .../init/error.
 * Listens on 127.0.0.1 only.
 */
final class FakeRuntimeApi implements AutoCloseable {

  private static final String BASE = "/2018-06-01/runtime";
  private static final Duration NEXT_WAIT = Duration.ofSeconds(90);

  /** What the runtime posted for one invocation. */
  record Outcome(String kind, String errorType, String body) {
    boolean succeeded() {
      return kind.equals("response");
    }
  }

  private record Invocation(String id, String event) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final BlockingQueue<Invocation> queue = new LinkedBlockingQueue<>();
  private final Map<String, CompletableFuture<Outcome>> outcomes = new ConcurrentHashMap<>();
  private final CompletableFuture<String> initError = new CompletableFuture<>();

  FakeRuntimeApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // The runtime's long poll for the next event holds a thread while replies arrive on others.
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fake-lambda-runtime-api");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext(BASE + "/", this::handle);
    server.start();
  }

  /** host:port, the value of AWS_LAMBDA_RUNTIME_API. */
  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Queues an event; completes with the runtime's answer, or with its report of a failed start. */
  CompletableFuture<Outcome> submit(String eventJson) {
    Invocation invocation = new Invocation(UUID.randomUUID().toString(), eventJson);
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    outcomes.put(invocation.id(), outcome);
    queue.add(invocation);
    // Only completes the outcome; the stage it returns has nothing else to report.
    var unused =
        initError.thenAccept(body -> outcome.complete(new Outcome("init-error", null, body)));
    return outcome;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream in = exchange.getRequestBody()) {
      String path = exchange.getRequestURI().getPath();
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (exchange.getRequestMethod().equals("GET") && path.equals(BASE + "/invocation/next")) {
        next(exchange);
      } else if (path.equals(BASE + "/init/error")) {
        initError.complete(body);
        reply(exchange, 202, "{\"status\":\"OK\"}");
      } else if (path.startsWith(BASE + "/invocation/")) {
        String[] parts = path.substring((BASE + "/invocation/").length()).split("/", -1);
        CompletableFuture<Outcome> outcome = outcomes.get(parts[0]);
        if (outcome == null || parts.length != 2) {
          reply(exchange, 400, "{\"errorMessage\":\"unknown invocation\"}");
          return;
        }
        String errorType =
            exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        outcome.complete(new Outcome(parts[1], errorType, body));
        reply(exchange, 202, "{\"status\":\"OK\"}");
      } else {
        reply(exchange, 404, "{\"errorMessage\":\"not found\"}");
      }
    }
  }

  private void next(HttpExchange exchange) throws IOException {
    Invocation invocation;
    try {
      invocation = queue.poll(NEXT_WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      invocation = null;
    }
    if (invocation == null) {
      reply(exchange, 500, "{\"errorMessage\":\"no more events\"}");
      return;
    }
    var headers = exchange.getResponseHeaders();
    headers.set("Lambda-Runtime-Aws-Request-Id", invocation.id());
    headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 300_000));
    headers.set(
        "Lambda-Runtime-Invoked-Function-Arn",
        "arn:aws:lambda:us-east-1:123456789012:function:dbmigrate");
    headers.set(
        "Lambda-Runtime-Trace-Id",
        "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0");
    reply(exchange, 200, invocation.event());
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
