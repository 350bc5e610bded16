package dev.dbmigrate.lambda;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/** Settings, secrets and reply parsing shared by the handler tests. */
final class Fixtures {

  static final String OK_PACKAGE = "dev.dbmigrate.lambda.it.ok";
  static final String FAILING_PACKAGE = "dev.dbmigrate.lambda.it.failing";
  static final String CREATE_WIDGETS = "20260101000000_CreateWidgets";
  static final String ADD_COLOR = "20260102000000_AddWidgetColor";

  private Fixtures() {}

  /** The function's environment for a secret, with TLS off: the local server has none. */
  static Map<String, String> env(String secretId, String migrationsPackage) {
    Map<String, String> env = new HashMap<>();
    env.put("DBMIGRATE_SECRET_ID", secretId);
    env.put("DBMIGRATE_MIGRATIONS_PACKAGE", migrationsPackage);
    env.put("DBMIGRATE_SSLMODE", "disable");
    env.put("DBMIGRATE_LOCK_WAIT_TIMEOUT", "5s");
    return env;
  }

  /** A secret as CDK writes it. */
  static String secret(String host, int port, String dbname, String user, String password) {
    return secret("postgres", host, port, dbname, user, password);
  }

  /** A secret as RDS writes it for {@code engine} ("postgres", "mysql", "mariadb"). */
  static String secret(
      String engine, String host, int port, String dbname, String user, String password) {
    return new String(
        JsonWriter.create()
            .writeStartObject()
            .writeFieldName("engine")
            .writeValue(engine)
            .writeFieldName("host")
            .writeValue(host)
            .writeFieldName("port")
            .writeValue(port)
            .writeFieldName("dbname")
            .writeValue(dbname)
            .writeFieldName("username")
            .writeValue(user)
            .writeFieldName("password")
            .writeValue(password)
            .writeEndObject()
            .getBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
  }

  static Map<String, Object> event(String command) {
    Map<String, Object> event = new HashMap<>();
    event.put("command", command);
    return event;
  }

  /** Invokes and expects the invocation to fail; returns the failure reply, parsed. */
  static JsonNode failure(MigrationHandler handler, Map<String, Object> event, TestContext ctx) {
    MigrationFailedError e =
        assertThrows(MigrationFailedError.class, () -> handler.handleRequest(event, ctx));
    return JsonNode.parser().parse(e.getMessage());
  }

  /** A field of the reply, or of its {@code error} object (code, migration, message). */
  static String text(JsonNode reply, String field) {
    JsonNode node =
        reply
            .field(field)
            .or(() -> reply.field("error").flatMap(e -> e.field(field)))
            .orElseThrow(() -> new AssertionError("no field " + field + " in " + reply));
    return node.isNull() ? null : node.asString();
  }
}
