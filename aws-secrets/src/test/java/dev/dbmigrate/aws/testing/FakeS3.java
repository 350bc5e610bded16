package dev.dbmigrate.aws.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A local S3 that stores objects in memory and answers path-style {@code GET} and {@code PUT
 * /<bucket>/<key>} as the service does (a missing object is {@code 404 NoSuchKey}, a denied one
 * {@code 403 AccessDenied}), so tests drive the real SDK client over HTTP. The SDK sends a PUT's
 * body in aws-chunked encoding (signed chunks with a checksum trailer); it is decoded here.
 */
public final class FakeS3 implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
  private final Set<String> denied = ConcurrentHashMap.newKeySet();

  public FakeS3() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "fake-s3");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** {@code http://127.0.0.1:<port>}, for endpointOverride (with path-style addressing). */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public void put(String bucket, String key, String text) {
    objects.put(bucket + "/" + key, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The object's text, or null when there is none. */
  public String get(String bucket, String key) {
    byte[] b = objects.get(bucket + "/" + key);
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  /** Answers 403 AccessDenied for this object from now on. */
  public void deny(String bucket, String key) {
    denied.add(bucket + "/" + key);
  }

  /** The real SDK client, pointed at this endpoint, path-style, with dummy static credentials. */
  public S3Client client() {
    return S3Client.builder()
        .endpointOverride(endpoint())
        .forcePathStyle(true)
        .region(Region.of(FakeSecretsManager.REGION))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String path = x.getRequestURI().getPath();
      String object = path.startsWith("/") ? path.substring(1) : path;
      byte[] body = x.getRequestBody().readAllBytes();
      if (!object.contains("/")) {
        error(x, 400, "InvalidRequest", "this endpoint serves path-style object requests only");
      } else if (denied.contains(object)) {
        error(x, 403, "AccessDenied", "Access Denied");
      } else if ("PUT".equals(x.getRequestMethod())) {
        String encoding = x.getRequestHeaders().getFirst("Content-Encoding");
        boolean chunked =
            (encoding != null && encoding.contains("aws-chunked"))
                || x.getRequestHeaders().getFirst("x-amz-decoded-content-length") != null;
        objects.put(object, chunked ? decodeChunks(body) : body);
        x.getResponseHeaders().set("ETag", "\"" + UUID.randomUUID() + "\"");
        send(x, 200, new byte[0], null);
      } else if ("GET".equals(x.getRequestMethod())) {
        byte[] stored = objects.get(object);
        if (stored == null) {
          error(x, 404, "NoSuchKey", "The specified key does not exist.");
        } else {
          x.getResponseHeaders().set("ETag", "\"" + Integer.toHexString(stored.length) + "\"");
          send(x, 200, stored, "application/octet-stream");
        }
      } else {
        error(x, 405, "MethodNotAllowed", x.getRequestMethod() + " is not served here");
      }
    }
  }

  /** {@code <hex size>[;chunk-signature=...]\r\n<bytes>\r\n} ... {@code 0...\r\n<trailers>}. */
  private static byte[] decodeChunks(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < body.length) {
      int eol = indexOf(body, i);
      String header = new String(body, i, eol - i, StandardCharsets.US_ASCII);
      int semicolon = header.indexOf(';');
      int size = Integer.parseInt((semicolon < 0 ? header : header.substring(0, semicolon)), 16);
      if (size == 0) {
        break;
      }
      out.write(body, eol + 2, size);
      i = eol + 2 + size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] b, int from) {
    for (int i = from; i + 1 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') {
        return i;
      }
    }
    throw new IllegalArgumentException("not aws-chunked: no line end after " + from);
  }

  private static void error(HttpExchange x, int status, String code, String message)
      throws IOException {
    send(
        x,
        status,
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
                + code
                + "</Code><Message>"
                + message
                + "</Message><RequestId>test</RequestId></Error>")
            .getBytes(StandardCharsets.UTF_8),
        "application/xml");
  }

  private static void send(HttpExchange x, int status, byte[] body, String type)
      throws IOException {
    if (type != null) {
      x.getResponseHeaders().set("Content-Type", type);
    }
    x.getResponseHeaders().set("x-amz-request-id", "test");
    x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = x.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
