package dev.dbmigrate.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local HTTP endpoint that speaks the Lambda Invoke API (and STS AssumeRole), so tests drive the
 * real AWS SDK client through {@code endpointOverride}. Each test says how the next invocation is
 * answered; every request is recorded.
 */
final class FakeAws implements AutoCloseable {

  /** What one invocation request looked like. */
  record Request(String method, String path, String authorization, String logType, String body) {}

  /** How to answer an invocation. */
  interface Answer {
    void answer(HttpExchange exchange, String body) throws IOException;
  }

  private final HttpServer server;
  private final List<Request> invocations = new CopyOnWriteArrayList<>();
  private final List<Request> stsCalls = new CopyOnWriteArrayList<>();
  private volatile String assumeRoleDenial;
  private volatile Answer answer = (x, body) -> reply(x, 200, "{\"success\":true}", null, "");

  FakeAws() throws IOException {
    // 127.0.0.1 as an address, not a name to resolve: endpoint() gives the SDK the same literal.
    InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    server = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void answer(Answer next) {
    this.answer = next;
  }

  List<Request> invocations() {
    return invocations;
  }

  /** From now on, STS refuses AssumeRole with AccessDenied and this message. */
  void denyAssumeRole(String message) {
    this.assumeRoleDenial = message;
  }

  List<Request> stsCalls() {
    return stsCalls;
  }

  private void handle(HttpExchange x) throws IOException {
    String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Request r =
        new Request(
            x.getRequestMethod(),
            x.getRequestURI().getPath(),
            x.getRequestHeaders().getFirst("Authorization"),
            x.getRequestHeaders().getFirst("X-Amz-Log-Type"),
            body);
    if (r.path().startsWith("/2015-03-31/functions/")) {
      invocations.add(r);
      answer.answer(x, body);
    } else if (body.contains("Action=AssumeRole")) {
      stsCalls.add(r);
      if (assumeRoleDenial != null) {
        stsError(x, 403, "AccessDenied", assumeRoleDenial);
      } else {
        assumeRole(x);
      }
    } else {
      reply(x, 400, "{\"message\":\"unexpected request " + r.path() + "\"}", null, "");
    }
  }

  /** A Lambda-style reply: the payload, an optional X-Amz-Function-Error and a log tail. */
  static void reply(HttpExchange x, int status, String payload, String functionError, String log)
      throws IOException {
    if (functionError != null) {
      x.getResponseHeaders().add("X-Amz-Function-Error", functionError);
    }
    x.getResponseHeaders()
        .add(
            "X-Amz-Log-Result",
            java.util.Base64.getEncoder().encodeToString(log.getBytes(StandardCharsets.UTF_8)));
    x.getResponseHeaders().add("X-Amz-Executed-Version", "$LATEST");
    x.getResponseHeaders().add("Content-Type", "application/json");
    send(x, status, payload);
  }

  /** A Lambda API error, as the service sends it: the type in x-amzn-ErrorType and the body. */
  static void apiError(HttpExchange x, int status, String type, String message) throws IOException {
    x.getResponseHeaders().add("x-amzn-ErrorType", type);
    x.getResponseHeaders().add("Content-Type", "application/json");
    send(x, status, "{\"Type\":\"User\",\"message\":\"" + message + "\"}");
  }

  /** An STS (query protocol) error, as the service sends it. */
  private static void stsError(HttpExchange x, int status, String code, String message)
      throws IOException {
    x.getResponseHeaders().add("Content-Type", "text/xml");
    send(
        x,
        status,
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
            + "<Type>Sender</Type><Code>"
            + code
            + "</Code><Message>"
            + message
            + "</Message></Error><RequestId>test</RequestId></ErrorResponse>");
  }

  private static void assumeRole(HttpExchange x) throws IOException {
    x.getResponseHeaders().add("Content-Type", "text/xml");
    send(
        x,
        200,
        """
        <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <AssumeRoleResult>
            <Credentials>
              <AccessKeyId>ASIAASSUMEDROLEKEY</AccessKeyId>
              <SecretAccessKey>assumed-secret</SecretAccessKey>
              <SessionToken>assumed-token</SessionToken>
              <Expiration>2099-01-01T00:00:00Z</Expiration>
            </Credentials>
            <AssumedRoleUser>
              <AssumedRoleId>AROATEST:dbmigrate-invoke</AssumedRoleId>
              <Arn>arn:aws:sts::222222222222:assumed-role/invoker/dbmigrate-invoke</Arn>
            </AssumedRoleUser>
          </AssumeRoleResult>
          <ResponseMetadata><RequestId>test</RequestId></ResponseMetadata>
        </AssumeRoleResponse>
        """);
  }

  private static void send(HttpExchange x, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
