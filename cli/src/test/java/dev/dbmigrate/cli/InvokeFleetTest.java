package dev.dbmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.aws.testing.FakeS3;
import dev.dbmigrate.aws.testing.FakeSecretsManager;
import dev.dbmigrate.lambda.MigrationHandler;
import dev.dbmigrate.testing.PostgresDatabase;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * {@code dbmigrate invoke --fleet} through the real AWS SDK against local Step Functions and S3
 * endpoints. The local state machine ({@link FakeStepFunctions}) lists the targets with the real
 * MigrationHandler's {@code fleet-targets} and runs the real handler once per target on real
 * PostgreSQL databases (one reached by URL, one by secret, a tenant schema, and one that does not
 * exist), so the result files the command reads hold real replies. Step Functions itself does not
 * run here.
 */
class InvokeFleetTest {

  @RegisterExtension static final PostgresDatabase one = new PostgresDatabase();
  @RegisterExtension static final PostgresDatabase two = new PostgresDatabase();

  @TempDir Path tmp;
  private FakeS3 s3;
  private FakeSecretsManager secrets;
  private S3Client s3Client;
  private SecretsManagerClient secretsClient;
  private MigrationHandler handler;
  private FakeStepFunctions sfn;
  private CliRunner cli;

  @BeforeEach
  void start() throws Exception {
    for (PostgresDatabase db : List.of(one, two)) {
      db.execute(
          "drop schema public cascade; create schema public; drop schema if exists tenant_x"
              + " cascade");
    }
    s3 = new FakeS3();
    secrets = new FakeSecretsManager();
    s3Client = s3.client();
    secretsClient = secrets.client();
    secrets.put("fleet/two", secretOf(two));
    Map<String, String> env = new HashMap<>();
    env.put("DBMIGRATE_URL", one.url());
    env.put("DBMIGRATE_USER", one.user());
    if (!one.password().isEmpty()) {
      env.put("DBMIGRATE_PASSWORD", one.password());
    }
    env.put("DBMIGRATE_SSL_MODE", "disable");
    env.put("DBMIGRATE_MIGRATIONS_PACKAGE", "db.migration");
    handler = new MigrationHandler(env, () -> secretsClient, () -> s3Client);
    sfn = new FakeStepFunctions(s3, event -> handler.handleRequest(event, null));
    s3.put(
        "lists",
        "fleet.txt",
        "# the fleet\n"
            + "one       "
            + url(one, "")
            + "\n"
            + "two       fleet/two\n"
            + "tenant_x  "
            + url(two, "")
            + "  tenant_x\n"
            + "gone      "
            + url(one, "_gone")
            + "\n");
    cli =
        CliRunner.forProject("jdbc:postgresql://127.0.0.1:1/unused", "unused", null, tmp)
            .withEnv("AWS_ENDPOINT_URL_SFN", sfn.endpoint())
            .withEnv("AWS_ENDPOINT_URL_S3", s3.endpoint().toString())
            .withEnv("AWS_ACCESS_KEY_ID", "AKIAPIPELINEKEY")
            .withEnv("AWS_SECRET_ACCESS_KEY", "pipeline-secret");
  }

  @AfterEach
  void stop() {
    sfn.close();
    handler.close();
    s3Client.close();
    secretsClient.close();
    s3.close();
    secrets.close();
  }

  @Test
  void failed_targets_within_the_threshold_are_listed_and_the_step_succeeds() throws Exception {
    String arn = machine("fleet", 50);
    CliRunner.Result r = cli.run("invoke", "--fleet", arn).assertExit(0);

    assertEquals(
        "{\"command\":\"latest\",\"dryRun\":false}", sfn.starts().get(0).input(), r.toString());
    assertTrue(r.err().contains("fleet: started " + arn.replace(":stateMachine:", ":execution:")));
    assertTrue(
        r.err().contains("fleet: 4 of 4 targets done (3 succeeded, 1 failed), 0 running"),
        r.toString());
    String out = r.out();
    assertTrue(out.contains("latest on 4 targets through "), out);
    assertTrue(line(out, "one").matches("  one +applied +1 migration, batch 1"), out);
    assertTrue(line(out, "two").matches("  two +applied +1 migration, batch 1"), out);
    assertTrue(line(out, "tenant_x").matches("  tenant_x +applied +1 migration, batch 1"), out);
    assertTrue(line(out, "gone").matches("  gone +failed +exit 4: gone: .*_gone.*"), out);
    assertTrue(out.contains("  failed            1"), out);
    assertTrue(out.contains("  applied           3"), out);

    for (PostgresDatabase db : List.of(one, two)) {
      assertNotNull(db.scalar("select to_regclass('public.demo_table')"), db.name());
    }
    assertNotNull(two.scalar("select to_regclass('tenant_x.demo_table')"));
    assertEquals(1L, two.scalar("select count(*) from tenant_x.dbmigrate_migrations"));

    CliRunner.Result status =
        cli.run("invoke", "--fleet", arn, "--command", "status", "--json").assertExit(0);
    assertEquals(
        "{\"command\":\"status\",\"dryRun\":false}",
        sfn.starts().get(1).input(),
        status.toString());
    JsonNode json = JsonNode.parser().parse(status.out());
    JsonNode summary = json.field("summary").orElseThrow();
    assertEquals("3", summary.field("upToDate").orElseThrow().asNumber(), status.out());
    assertEquals("1", summary.field("failed").orElseThrow().asNumber(), status.out());
    assertEquals("0", json.field("exitCode").orElseThrow().asNumber());
    JsonNode gone =
        json.field("targets").orElseThrow().asArray().stream()
            .filter(t -> t.field("name").orElseThrow().asString().equals("gone"))
            .findFirst()
            .orElseThrow();
    assertEquals("failed", gone.field("outcome").orElseThrow().asString());
    assertEquals("4", gone.field("exitCode").orElseThrow().asNumber());
    assertEquals(
        "CONNECTION",
        gone.field("result")
            .orElseThrow()
            .field("error")
            .orElseThrow()
            .field("code")
            .orElseThrow()
            .asString());
  }

  @Test
  void more_failed_targets_than_tolerated_exits_26_with_the_counts_only() {
    String arn = machine("strict", 0);
    CliRunner.Result r = cli.run("invoke", "--fleet", arn).assertExit(26);

    assertTrue(
        r.out().contains(": FAILED, more targets failed than the fleet tolerates"), r.toString());
    assertTrue(r.out().contains("  failed            1"), r.toString());
    assertTrue(r.out().contains("  succeeded         3"), r.toString());
    assertEquals("(no line for gone)", line(r.out(), "gone"), r.toString());
    assertTrue(r.out().contains("--results-bucket <the fleet's results bucket>"), r.toString());
  }

  @Test
  void with_the_results_bucket_crossing_the_threshold_names_the_failed_targets_and_exits_26() {
    String arn = machine("strict", 0);
    CliRunner.Result r =
        cli.run("invoke", "--fleet", arn, "--results-bucket", "fleet-results").assertExit(26);

    String out = r.out();
    assertTrue(out.contains(": FAILED, more targets failed than the fleet tolerates"), out);
    assertTrue(line(out, "gone").matches("  gone +failed +exit 4: gone: .*_gone.*"), out);
    // Only the failed targets are listed; the others are counted.
    assertEquals("(no line for one)", line(out, "one"), out);
    assertEquals("(no line for tenant_x)", line(out, "tenant_x"), out);
    assertTrue(out.contains("  failed            1"), out);
    assertTrue(out.contains("  succeeded         3"), out);
    assertTrue(out.contains("fix the failed targets above"), out);
    assertTrue(
        r.err()
            .matches(
                "(?s).*fleet: reading the results of arn:aws:states:eu-west-1:123456789012:mapRun:"
                    + "strict/MigrateEach:([0-9a-f-]{36}) from s3://fleet-results/results/\\1"
                    + "/manifest\\.json.*"),
        r.toString());

    CliRunner.Result json =
        cli.run("invoke", "--fleet", arn, "--results-bucket", "fleet-results", "--json")
            .assertExit(26);
    JsonNode doc = JsonNode.parser().parse(json.out());
    assertEquals("26", doc.field("exitCode").orElseThrow().asNumber(), json.out());
    assertTrue(
        doc.field("fleet").orElseThrow().field("thresholdCrossed").orElseThrow().asBoolean());
    List<JsonNode> targets = doc.field("targets").orElseThrow().asArray();
    assertEquals(4, targets.size(), json.out());
    JsonNode gone =
        targets.stream()
            .filter(t -> t.field("name").orElseThrow().asString().equals("gone"))
            .findFirst()
            .orElseThrow();
    assertEquals("failed", gone.field("outcome").orElseThrow().asString());
    assertEquals("4", gone.field("exitCode").orElseThrow().asNumber());
  }

  @Test
  void results_that_are_not_in_the_bucket_leave_the_counts_and_exit_26() {
    String arn = machine("strict", 0);
    CliRunner.Result r =
        cli.run("invoke", "--fleet", arn, "--results-bucket", "another-bucket").assertExit(26);

    assertTrue(r.err().contains("fleet: the failed targets cannot be named: "), r.toString());
    assertTrue(r.err().contains("s3://another-bucket/results/"), r.toString());
    assertTrue(r.err().contains("does not exist"), r.toString());
    assertTrue(r.out().contains("  failed            1"), r.toString());
    assertEquals("(no line for gone)", line(r.out(), "gone"), r.toString());
  }

  @Test
  void a_list_that_fleet_targets_refuses_exits_25_naming_its_line() {
    s3.put("lists", "bad.txt", "one " + url(one, "") + "\nbad/name " + url(two, "") + "\n");
    String arn =
        sfn.machine("bad", new FakeStepFunctions.Machine("s3://lists/bad.txt", "fleet-results", 0));
    CliRunner.Result r = cli.run("invoke", "--fleet", arn).assertExit(25);

    assertTrue(r.err().contains("fleet-targets refused the list of targets"), r.toString());
    assertTrue(
        r.err().contains("s3://lists/bad.txt:2: 'bad/name' is not a target name"), r.toString());
  }

  @Test
  void a_state_machine_that_does_not_exist_exits_21() {
    CliRunner.Result r =
        cli.run(
                "invoke",
                "--fleet",
                "arn:aws:states:eu-west-1:123456789012:stateMachine:nothing-here")
            .assertExit(21);
    assertTrue(r.err().contains("state machine arn:aws:states:"), r.toString());
    assertTrue(r.err().contains("was not found"), r.toString());
  }

  @Test
  void an_execution_that_outlasts_the_timeout_exits_20_and_says_it_goes_on() {
    String arn = machine("slow", 0);
    sfn.holdExecutions();
    long start = System.nanoTime();
    CliRunner.Result r = cli.run("invoke", "--fleet", arn, "--timeout", "2s").assertExit(20);
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;

    assertTrue(r.err().contains("is still running after --timeout 2s"), r.toString());
    assertTrue(seconds < 30, "waited " + seconds + " s");
  }

  @Test
  void the_fleet_takes_latest_and_status_only_and_an_arn_of_a_state_machine() {
    CliRunner.Result rollback =
        cli.run(
                "invoke",
                "--fleet",
                "arn:aws:states:eu-west-1:123456789012:stateMachine:x",
                "--command",
                "rollback")
            .assertExit(3);
    assertTrue(rollback.err().contains("does not run on a fleet; use latest or status"));
    CliRunner.Result notArn = cli.run("invoke", "--fleet", "my-fleet").assertExit(3);
    assertTrue(notArn.err().contains("is not a state machine ARN"), notArn.toString());
    cli.run("invoke", "--fleet", "arn:aws:states:eu-west-1:1:stateMachine:x", "--function", "f")
        .assertExit(2);
    CliRunner.Result uri =
        cli.run(
                "invoke",
                "--fleet",
                "arn:aws:states:eu-west-1:123456789012:stateMachine:x",
                "--results-bucket",
                "s3://fleet-results/results")
            .assertExit(3);
    assertTrue(uri.err().contains("is not an S3 bucket name; pass the name alone"), uri.toString());
    CliRunner.Result function =
        cli.run("invoke", "--function", "f", "--results-bucket", "fleet-results").assertExit(3);
    assertTrue(
        function.err().contains("--results-bucket applies with --fleet only"), function.toString());
    assertTrue(sfn.starts().isEmpty(), "nothing was started");
  }

  private String machine(String name, int tolerated) {
    return sfn.machine(
        name, new FakeStepFunctions.Machine("s3://lists/fleet.txt", "fleet-results", tolerated));
  }

  /** The output line that starts with this target's name. */
  private static String line(String out, String name) {
    return out.lines()
        .filter(l -> l.startsWith("  " + name + " "))
        .findFirst()
        .orElse("(no line for " + name + ")");
  }

  private static String url(PostgresDatabase db, String suffix) {
    return "jdbc:postgresql://" + db.host() + ":" + db.port() + "/" + db.name() + suffix;
  }

  private static String secretOf(PostgresDatabase db) {
    return "{\"engine\":\"postgres\",\"host\":\""
        + db.host()
        + "\",\"port\":"
        + db.port()
        + ",\"dbname\":\""
        + db.name()
        + "\",\"username\":\""
        + db.user()
        + "\",\"password\":\""
        + (db.password().isEmpty() ? "trust-ignores-it" : db.password())
        + "\"}";
  }
}
