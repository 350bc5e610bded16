package dev.dbmigrate.aws.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A local Secrets Manager that answers {@code GetSecretValue} the way the real service does (JSON
 * 1.1 protocol: {@code POST /} with {@code X-Amz-Target: secretsmanager.GetSecretValue}), so tests
 * drive the real SDK client over HTTP. It listens on 127.0.0.1 only and counts the reads, so a test
 * can tell that a secret was read once, and again after a rotation. {@code ListSecrets} with a
 * {@code name} filter (a prefix, as the service matches it) answers in pages of {@link
 * #pageSize(int)} with a {@code NextToken}.
 */
public final class FakeSecretsManager implements AutoCloseable {

  public static final String REGION = "us-east-1";
  public static final String ACCOUNT = "123456789012";

  private record Secret(String name, String arn, String value, String versionId) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, Secret> secrets = new ConcurrentHashMap<>();
  private final Set<String> denied = ConcurrentHashMap.newKeySet();
  private final AtomicInteger reads = new AtomicInteger();
  private final AtomicInteger listCalls = new AtomicInteger();
  private volatile int pageSize = 100;

  public FakeSecretsManager() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "fake-secrets-manager");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** {@code http://127.0.0.1:<port>}, for endpointOverride or AWS_ENDPOINT_URL_SECRETS_MANAGER. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Stores (or replaces, as a rotation does) a secret's text; returns its ARN. */
  public String put(String name, String secretString) {
    String arn = "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:" + name + "-AbC123";
    secrets.put(name, new Secret(name, arn, secretString, UUID.randomUUID().toString()));
    return arn;
  }

  /** Answers AccessDeniedException for this name or ARN from now on. */
  public void deny(String nameOrArn) {
    denied.add(nameOrArn);
  }

  /** ListSecrets answers at most this many secrets a page. */
  public void pageSize(int secrets) {
    this.pageSize = secrets;
  }

  /** How many ListSecrets calls (pages) arrived. */
  public int listCalls() {
    return listCalls.get();
  }

  /** How many GetSecretValue calls arrived, found or not. */
  public int reads() {
    return reads.get();
  }

  /** The real SDK client, pointed at this endpoint with dummy static credentials. */
  public SecretsManagerClient client() {
    return SecretsManagerClient.builder()
        .endpointOverride(endpoint())
        .region(Region.of(REGION))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream in = exchange.getRequestBody()) {
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      byte[] body = in.readAllBytes();
      if ("POST".equals(exchange.getRequestMethod())
          && "secretsmanager.ListSecrets".equals(target)) {
        listCalls.incrementAndGet();
        reply(exchange, 200, list(JsonNode.parser().parse(body)));
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod())
          || !"secretsmanager.GetSecretValue".equals(target)) {
        reply(exchange, 400, error("UnknownOperationException", "not served here: " + target));
        return;
      }
      reads.incrementAndGet();
      String id =
          JsonNode.parser().parse(body).field("SecretId").map(JsonNode::asString).orElse("");
      Secret secret = find(id);
      if (denied.contains(id) || (secret != null && denied.contains(secret.name()))) {
        reply(
            exchange,
            400,
            error(
                "AccessDeniedException",
                "User: arn:aws:sts::"
                    + ACCOUNT
                    + ":assumed-role/test is not authorized to perform: secretsmanager:GetSecretValue"));
      } else if (secret == null) {
        reply(
            exchange,
            400,
            error("ResourceNotFoundException", "Secrets Manager can't find the specified secret."));
      } else {
        reply(
            exchange,
            200,
            JsonWriter.create()
                .writeStartObject()
                .writeFieldName("ARN")
                .writeValue(secret.arn())
                .writeFieldName("Name")
                .writeValue(secret.name())
                .writeFieldName("SecretString")
                .writeValue(secret.value())
                .writeFieldName("VersionId")
                .writeValue(secret.versionId())
                .writeFieldName("VersionStages")
                .writeStartArray()
                .writeValue("AWSCURRENT")
                .writeEndArray()
                .writeFieldName("CreatedDate")
                .writeValue(1.7e9)
                .writeEndObject()
                .getBytes());
      }
    }
  }

  /** One page of the secrets whose name starts with the name filter's value, by name. */
  private byte[] list(JsonNode request) {
    String prefix =
        request
            .field("Filters")
            .map(JsonNode::asArray)
            .flatMap(
                filters ->
                    filters.stream()
                        .filter(
                            f -> f.field("Key").map(JsonNode::asString).orElse("").equals("name"))
                        .findFirst())
            .flatMap(f -> f.field("Values"))
            .map(v -> v.asArray().get(0).asString())
            .orElse("");
    int from = request.field("NextToken").map(t -> Integer.parseInt(t.asString())).orElse(0);
    java.util.List<Secret> matching =
        secrets.values().stream()
            .filter(s -> s.name().startsWith(prefix))
            .sorted(java.util.Comparator.comparing(Secret::name))
            .toList();
    int to = Math.min(matching.size(), from + pageSize);
    JsonWriter w = JsonWriter.create().writeStartObject().writeFieldName("SecretList");
    w.writeStartArray();
    for (Secret s : matching.subList(from, to)) {
      w.writeStartObject()
          .writeFieldName("ARN")
          .writeValue(s.arn())
          .writeFieldName("Name")
          .writeValue(s.name())
          .writeEndObject();
    }
    w.writeEndArray();
    if (to < matching.size()) {
      w.writeFieldName("NextToken").writeValue(Integer.toString(to));
    }
    return w.writeEndObject().getBytes();
  }

  private Secret find(String id) {
    Secret byName = secrets.get(id);
    if (byName != null) {
      return byName;
    }
    return secrets.values().stream().filter(s -> s.arn().equals(id)).findFirst().orElse(null);
  }

  private static byte[] error(String type, String message) {
    return JsonWriter.create()
        .writeStartObject()
        .writeFieldName("__type")
        .writeValue(type)
        .writeFieldName("message")
        .writeValue(message)
        .writeEndObject()
        .getBytes();
  }

  private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
    exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
