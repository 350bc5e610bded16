package dev.dbmigrate.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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
 * The Lambda Runtime API (2018-06-01) as the runtime interface emulator serves it to a function's
 * runtime, for timing: the runtime's GET .../invocation/next waits for an event; its POST of the
 * reply ends the invocation. Each invocation records when the event was handed out and when the
 * reply arrived, so an invocation's time is the function's alone, without the caller's. Listens on
 * 127.0.0.1 only.
 */
final class RuntimeApi implements AutoCloseable {

  private static final String BASE = "/2018-06-01/runtime";

  /** When the event went out and when the reply came back (System.nanoTime), and the reply. */
  record Timed(long handedOut, long answered, String kind, String body) {
    double millis() {
      return (answered - handedOut) / 1e6;
    }
  }

  private record Invocation(String id, String event) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final BlockingQueue<Invocation> queue = new LinkedBlockingQueue<>();
  private final Map<String, Long> handedOut = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Timed>> replies = new ConcurrentHashMap<>();
  private final CompletableFuture<String> initError = new CompletableFuture<>();

  /** When the runtime first asked for an event: its start-up and the handler's constructor done. */
  private volatile long firstNext;

  RuntimeApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "bench-runtime-api");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext(BASE + "/", this::handle);
    server.start();
  }

  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  long firstNext() {
    return firstNext;
  }

  /** Queues an event and waits for the runtime's reply, at most {@code seconds}. */
  Timed invoke(String event, int seconds) throws Exception {
    Invocation invocation = new Invocation(UUID.randomUUID().toString(), event);
    CompletableFuture<Timed> reply = new CompletableFuture<>();
    replies.put(invocation.id(), reply);
    queue.add(invocation);
    CompletableFuture<Object> either = CompletableFuture.anyOf(reply, initError);
    Object done = either.get(seconds, TimeUnit.SECONDS);
    if (done instanceof Timed t) {
      return t;
    }
    throw new IllegalStateException("the function failed to start: " + done);
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
        long now = System.nanoTime();
        String rest = path.substring((BASE + "/invocation/").length());
        int slash = rest.indexOf('/');
        String id = slash < 0 ? rest : rest.substring(0, slash);
        CompletableFuture<Timed> reply = replies.remove(id);
        Long out = handedOut.remove(id);
        if (reply == null || out == null) {
          reply(exchange, 400, "{\"errorMessage\":\"unknown invocation\"}");
          return;
        }
        reply.complete(new Timed(out, now, rest.substring(slash + 1), body));
        reply(exchange, 202, "{\"status\":\"OK\"}");
      } else {
        reply(exchange, 404, "{\"errorMessage\":\"not found\"}");
      }
    }
  }

  private void next(HttpExchange exchange) throws IOException {
    if (firstNext == 0) {
      firstNext = System.nanoTime();
    }
    Invocation invocation;
    try {
      invocation = queue.poll(120, TimeUnit.SECONDS);
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
    headers.set("Lambda-Runtime-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=0");
    handedOut.put(invocation.id(), System.nanoTime());
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
