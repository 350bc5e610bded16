package dev.dbmigrate.lambda;

import static dev.dbmigrate.lambda.Fixtures.failure;
import static dev.dbmigrate.lambda.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.aws.testing.FakeS3;
import dev.dbmigrate.aws.testing.FakeSecretsManager;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * {@code fleet-targets}, the state machine's item reader: the list from an S3 fleet file or a
 * Secrets Manager name prefix, through the real SDK clients against local S3 and Secrets Manager
 * endpoints, written back to S3 as the JSON array the Distributed Map reads. No database is
 * touched: a function with an unreachable configured database lists targets all the same.
 */
class FleetTargetsCommandTest {

  static FakeSecretsManager secrets;
  static FakeS3 s3;
  static SecretsManagerClient secretsClient;
  static S3Client s3Client;
  static MigrationHandler handler;

  @BeforeAll
  static void start() throws Exception {
    secrets = new FakeSecretsManager();
    s3 = new FakeS3();
    secretsClient = secrets.client();
    s3Client = s3.client();
    Map<String, String> env = new HashMap<>();
    env.put("DBMIGRATE_URL", "jdbc:postgresql://127.0.0.1:1/nowhere");
    env.put("DBMIGRATE_SSL_MODE", "disable");
    handler = new MigrationHandler(env, () -> secretsClient, () -> s3Client);
  }

  @AfterAll
  static void stop() {
    handler.close();
    secretsClient.close();
    s3Client.close();
    secrets.close();
    s3.close();
  }

  @Test
  void a_fleet_file_in_s3_becomes_the_json_array_of_targets() {
    s3.put(
        "lists",
        "fleet.txt",
        """
        # the tenants
        acme     jdbc:postgresql://db1:5432/acme
        globex   arn:aws:secretsmanager:eu-west-1:123456789012:secret:db/globex-AbC123
        umbrella jdbc:postgresql://shared:5432/app   umbrella   # a tenant schema

        initech  db/initech   initech
        """);
    Map<String, Object> reply =
        handler.handleRequest(event("s3://lists/fleet.txt", "t/1.json"), null);

    assertEquals(true, reply.get("success"));
    assertEquals("fleet-targets", reply.get("command"));
    assertEquals("results", reply.get("bucket"));
    assertEquals("t/1.json", reply.get("key"));
    assertEquals(4, reply.get("count"));
    List<JsonNode> items = JsonNode.parser().parse(s3.get("results", "t/1.json")).asArray();
    assertEquals(4, items.size());
    assertEquals("{name=acme, url=jdbc:postgresql://db1:5432/acme}", fields(items.get(0)));
    assertEquals(
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db/globex-AbC123",
        items.get(1).field("secretId").orElseThrow().asString());
    assertEquals("umbrella", items.get(2).field("schema").orElseThrow().asString());
    assertEquals("{name=initech, secretId=db/initech, schema=initech}", fields(items.get(3)));
  }

  @Test
  void a_bad_line_fails_naming_the_object_and_the_line_and_writes_nothing() {
    s3.put(
        "lists",
        "bad.txt",
        "acme jdbc:postgresql://db1:5432/acme\n# fine so far\nbad/name jdbc:postgresql://h/d\n");
    JsonNode reply = failure(handler, event("s3://lists/bad.txt", "t/bad.json"), new TestContext());

    assertEquals("INVALID_TARGETS", text(reply, "code"));
    assertEquals("fleet-targets", text(reply, "command"));
    assertTrue(
        text(reply, "message").startsWith("s3://lists/bad.txt:3: 'bad/name' is not a target name"),
        reply.toString());
    assertNull(s3.get("results", "t/bad.json"));
  }

  @Test
  void a_line_setting_that_only_the_command_line_takes_is_refused_naming_the_variable() {
    s3.put("lists", "settings.txt", "acme jdbc:postgresql://db1:5432/acme lock-timeout=10s\n");
    JsonNode reply =
        failure(handler, event("s3://lists/settings.txt", "t/s.json"), new TestContext());

    assertEquals("INVALID_TARGETS", text(reply, "code"));
    assertTrue(
        text(reply, "message")
            .startsWith(
                "s3://lists/settings.txt:1: 'lock-timeout' on a target line applies to the command"
                    + " line's fleet only; set it for every target in the function's environment"
                    + " (DBMIGRATE_LOCK_TIMEOUT)"),
        reply.toString());
  }

  @Test
  void a_missing_object_and_a_denied_one_say_which() {
    JsonNode missing =
        failure(handler, event("s3://lists/none.txt", "t/n.json"), new TestContext());
    assertEquals("CONFIGURATION", text(missing, "code"));
    assertTrue(
        text(missing, "message").startsWith("s3://lists/none.txt does not exist"),
        missing.toString());

    s3.put("lists", "secret.txt", "acme jdbc:postgresql://db1:5432/acme\n");
    s3.deny("lists", "secret.txt");
    JsonNode denied =
        failure(handler, event("s3://lists/secret.txt", "t/d.json"), new TestContext());
    assertEquals("ACCESS_DENIED", text(denied, "code"));
    assertTrue(text(denied, "message").contains("allow s3:GetObject"), denied.toString());
  }

  @Test
  void a_secrets_prefix_lists_every_page_and_names_each_target_by_the_rest_of_its_name() {
    for (String name : List.of("tenant-e", "tenant-c", "tenant-a", "tenant-d", "tenant-b")) {
      secrets.put("fleet/" + name, "{}");
    }
    secrets.put("other/tenant-x", "{}");
    secrets.put("fleetish", "{}");
    secrets.pageSize(2);
    int before = secrets.listCalls();

    Map<String, Object> reply = handler.handleRequest(event("secrets:fleet/", "t/2.json"), null);

    assertEquals(5, reply.get("count"));
    assertEquals(3, secrets.listCalls() - before, "five secrets in pages of two");
    List<JsonNode> items = JsonNode.parser().parse(s3.get("results", "t/2.json")).asArray();
    assertEquals(
        List.of("tenant-a", "tenant-b", "tenant-c", "tenant-d", "tenant-e"),
        items.stream().map(i -> i.field("name").orElseThrow().asString()).toList());
    assertEquals("{name=tenant-a, secretId=fleet/tenant-a}", fields(items.get(0)));
    assertEquals(0, secrets.reads(), "listing reads no secret's value");
  }

  @Test
  void a_prefix_no_secret_has_is_a_bad_list() {
    JsonNode reply = failure(handler, event("secrets:nothing/", "t/3.json"), new TestContext());
    assertEquals("INVALID_TARGETS", text(reply, "code"));
    assertTrue(text(reply, "message").contains("no secret's name starts with 'nothing/'"));
  }

  @Test
  void a_source_of_another_kind_is_refused() {
    JsonNode reply =
        failure(handler, event("https://lists/fleet.txt", "t/4.json"), new TestContext());
    assertEquals("CONFIGURATION", text(reply, "code"));
    assertTrue(text(reply, "message").contains("\"s3://<bucket>/<key>\""), reply.toString());
  }

  /** An item's fields in order, as text. */
  private static String fields(JsonNode item) {
    Map<String, String> m = new LinkedHashMap<>();
    item.asObject().forEach((k, v) -> m.put(k, v.asString()));
    return m.toString();
  }

  private static Map<String, Object> event(String source, String key) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("command", "fleet-targets");
    event.put("source", source);
    event.put("itemsBucket", "results");
    event.put("itemsKey", key);
    return event;
  }
}
