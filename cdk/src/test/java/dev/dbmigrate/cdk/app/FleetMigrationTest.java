package dev.dbmigrate.cdk.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbmigrate.cdk.Database;
import dev.dbmigrate.cdk.FleetMigration;
import dev.dbmigrate.cdk.MigrationCaller;
import dev.dbmigrate.cdk.MigrationFunction;
import dev.dbmigrate.cdk.MigrationInvokeAccess;
import dev.dbmigrate.cdk.Nag;
import dev.dbmigrate.cdk.Network;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The fleet construct on its own: one stack reading an S3 fleet file with a non-default concurrency
 * and threshold, one reading a Secrets Manager prefix with the defaults, both with an invoker role
 * in fleet mode. One synth for both.
 */
class FleetMigrationTest {

  private static final String FLEET_FILE_BUCKET = "acme-fleet-config";
  private static final String FLEET_FILE_KEY = "prod/tenants.txt";
  private static final String SECRETS_PREFIX = "tenants/";

  @TempDir static Path tempDir;

  private static Stack s3Stack;
  private static Stack secretsStack;
  private static Template s3;
  private static Template secrets;

  @BeforeAll
  static void synthesize() {
    var app =
        new App(
            AppProps.builder()
                .outdir(tempDir.resolve("cdk.out").toString())
                .context(SynthesizedApp.cdkJsonContext())
                .build());
    Path jar = SynthesizedApp.dummyJar(tempDir);
    s3Stack =
        fleetStack(
            app,
            "S3Fleet",
            jar,
            FleetMigration.Source.parse("s3://" + FLEET_FILE_BUCKET + "/" + FLEET_FILE_KEY),
            fleet -> fleet.maxConcurrency(3).toleratedFailurePercentage(20));
    secretsStack =
        fleetStack(
            app,
            "SecretsFleet",
            jar,
            FleetMigration.Source.parse("secrets:" + SECRETS_PREFIX),
            fleet -> fleet);
    app.synth();
    s3 = Template.fromStack(s3Stack);
    secrets = Template.fromStack(secretsStack);
  }

  private static Stack fleetStack(
      App app,
      String name,
      Path jar,
      FleetMigration.Source source,
      java.util.function.UnaryOperator<FleetMigration.Builder> options) {
    var stack =
        new Stack(
            app,
            name,
            StackProps.builder()
                .env(
                    Environment.builder()
                        .account(SynthesizedApp.DEV_ACCOUNT)
                        .region(SynthesizedApp.REGION)
                        .build())
                .build());
    var network = Network.Builder.create(stack, "Network").build();
    var database = Database.Builder.create(stack, "Database").network(network).build();
    var migration =
        MigrationFunction.Builder.create(stack, "Migration")
            .network(network)
            .database(database)
            .jar(jar)
            .build();
    var fleet =
        options
            .apply(
                FleetMigration.Builder.create(stack, "Fleet")
                    .migration(migration)
                    .network(network)
                    .source(source))
            .build();
    MigrationInvokeAccess.Builder.create(stack, "MigrationAccess")
        .fleet(fleet)
        .caller(new MigrationCaller(SynthesizedApp.DEV_ACCOUNT, name + "-step"))
        .roleName(name + "-invoker")
        .build();
    Aspects.of(stack).add(Nag.checks());
    return stack;
  }

  @Test
  void lists_the_targets_with_the_function_then_maps_over_the_list_it_wrote() throws Exception {
    for (Template t : List.of(s3, secrets)) {
      JsonNode definition = definition(t);
      assertEquals("ListTargets", definition.get("StartAt").asText());
      JsonNode list = definition.at("/States/ListTargets");
      assertEquals("Task", list.get("Type").asText());
      assertEquals("arn:aws:states:::lambda:invoke", list.get("Resource").asText());
      assertEquals(
          "${" + functionId(t) + ".Arn}", list.at("/Parameters/FunctionName").asText(), "invokes");
      String source =
          t == s3
              ? "s3://" + FLEET_FILE_BUCKET + "/" + FLEET_FILE_KEY
              : "secrets:" + SECRETS_PREFIX;
      assertEquals(
          json(
              Map.of(
                  "command",
                  "fleet-targets",
                  "source",
                  source,
                  "itemsBucket",
                  "${" + bucketId(t) + "}",
                  "itemsKey.$",
                  "States.Format('targets/{}.json', $$.Execution.Name)")),
          list.at("/Parameters/Payload"));
      assertEquals(
          json(
              Map.of(
                  "bucket.$", "$.Payload.bucket",
                  "key.$", "$.Payload.key",
                  "count.$", "$.Payload.count")),
          list.get("ResultSelector"));
      assertEquals("$.targets", list.get("ResultPath").asText());
      assertEquals("MigrateEach", list.get("Next").asText());
      assertOnlyLambdaServiceErrorsAreRetried(list);

      JsonNode map = definition.at("/States/MigrateEach");
      assertEquals("Map", map.get("Type").asText());
      assertTrue(
          map.get("End").asBoolean(), "the map is the last state: its output is the writer's");
      assertEquals(
          json(
              Map.of(
                  "Resource",
                  "arn:aws:states:::s3:getObject",
                  "ReaderConfig",
                  Map.of("InputType", "JSON"),
                  "Parameters",
                  Map.of("Bucket.$", "$.targets.bucket", "Key.$", "$.targets.key"))),
          map.get("ItemReader"));
      assertEquals(
          json(
              Map.of(
                  "command.$", "$.command",
                  "dryRun.$", "$.dryRun",
                  "target.$", "$$.Map.Item.Value")),
          map.get("ItemSelector"));
      assertEquals(
          json(
              Map.of(
                  "Resource",
                  "arn:aws:states:::s3:putObject",
                  "Parameters",
                  Map.of("Bucket", "${" + bucketId(t) + "}", "Prefix", "results"))),
          map.get("ResultWriter"));
      assertEquals(
          json(Map.of("Mode", "DISTRIBUTED", "ExecutionType", "STANDARD")),
          map.at("/ItemProcessor/ProcessorConfig"));
      JsonNode processor = map.get("ItemProcessor");
      assertEquals("MigrateTarget", processor.get("StartAt").asText());
      JsonNode migrate = processor.at("/States/MigrateTarget");
      // payloadResponseOnly: the item is the payload, the function's reply is the result.
      assertEquals("${" + functionId(t) + ".Arn}", migrate.get("Resource").asText());
      assertTrue(migrate.get("End").asBoolean());
      assertFalse(migrate.has("Catch"), migrate.toString());
      assertOnlyLambdaServiceErrorsAreRetried(migrate);
    }
    JsonNode custom = definition(s3).at("/States/MigrateEach");
    assertEquals(3, custom.get("MaxConcurrency").asInt());
    assertEquals(20, custom.get("ToleratedFailurePercentage").asInt());
    JsonNode defaults = definition(secrets).at("/States/MigrateEach");
    assertEquals(FleetMigration.DEFAULT_MAX_CONCURRENCY, defaults.get("MaxConcurrency").asInt());
    // 0 is Step Functions' default: CDK leaves the field out, and one failed target fails the run.
    assertFalse(defaults.has("ToleratedFailurePercentage"), defaults.toString());
  }

  private static void assertOnlyLambdaServiceErrorsAreRetried(JsonNode task) {
    Set<String> retried = new LinkedHashSet<>();
    task.get("Retry").forEach(r -> r.get("ErrorEquals").forEach(e -> retried.add(e.asText())));
    assertEquals(Set.copyOf(FleetMigration.RETRIED_ERRORS), retried, task.toString());
    for (String never :
        List.of("States.ALL", "States.TaskFailed", "MigrationFailedError", "Lambda.Unknown")) {
      assertFalse(retried.contains(never), never + " is retried: " + retried);
    }
  }

  @Test
  void state_machine_logs_everything_but_execution_data_and_is_traced() {
    for (Template t : List.of(s3, secrets)) {
      t.resourceCountIs("AWS::StepFunctions::StateMachine", 1);
      t.hasResourceProperties(
          "AWS::StepFunctions::StateMachine",
          Map.of(
              "StateMachineType",
              "STANDARD",
              "StateMachineName",
              Match.absent(),
              "TracingConfiguration",
              Map.of("Enabled", true),
              "LoggingConfiguration",
              Map.of(
                  "Level",
                  "ALL",
                  "IncludeExecutionData",
                  false,
                  "Destinations",
                  List.of(
                      Map.of(
                          "CloudWatchLogsLogGroup",
                          Map.of(
                              "LogGroupArn",
                              Map.of("Fn::GetAtt", List.of(fleetLogsId(t), "Arn"))))))));
    }
  }

  @Test
  void results_bucket_is_encrypted_tls_only_private_and_expires() {
    for (Template t : List.of(s3, secrets)) {
      t.resourceCountIs("AWS::S3::Bucket", 1);
      t.hasResource(
          "AWS::S3::Bucket",
          Map.of(
              "DeletionPolicy",
              "Retain",
              "Properties",
              Map.of(
                  "BucketName",
                  Match.absent(),
                  "BucketEncryption",
                  Map.of(
                      "ServerSideEncryptionConfiguration",
                      List.of(
                          Map.of(
                              "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))),
                  "PublicAccessBlockConfiguration",
                  Map.of(
                      "BlockPublicAcls", true,
                      "BlockPublicPolicy", true,
                      "IgnorePublicAcls", true,
                      "RestrictPublicBuckets", true),
                  "LifecycleConfiguration",
                  Map.of(
                      "Rules",
                      List.of(
                          Match.objectLike(
                              Map.of(
                                  "ExpirationInDays",
                                  90,
                                  "AbortIncompleteMultipartUpload",
                                  Map.of("DaysAfterInitiation", 1),
                                  "Status",
                                  "Enabled")))))));
      t.hasResourceProperties(
          "AWS::S3::BucketPolicy",
          Map.of(
              "PolicyDocument",
              Map.of(
                  "Statement",
                  Match.arrayWith(
                      List.of(
                          Match.objectLike(
                              Map.of(
                                  "Effect",
                                  "Deny",
                                  "Action",
                                  "s3:*",
                                  "Condition",
                                  Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
    }
  }

  @Test
  void state_machine_may_invoke_only_the_function_and_read_only_the_target_lists() {
    for (Template t : List.of(s3, secrets)) {
      var statements = statementsOf(t, roleId(t, "states.amazonaws.com"));
      String fn = functionId(t);
      String bucket = bucketId(t);
      for (var statement : statements) {
        var actions = actions(statement);
        var resources = String.valueOf(statement.get("Resource"));
        if (actions.stream().anyMatch(a -> a.startsWith("lambda:"))) {
          assertEquals(List.of("lambda:InvokeFunction"), actions);
          assertEquals(
              List.of(
                  Map.of("Fn::GetAtt", List.of(fn, "Arn")),
                  Map.of(
                      "Fn::Join",
                      List.of("", List.of(Map.of("Fn::GetAtt", List.of(fn, "Arn")), ":*")))),
              statement.get("Resource"));
        }
        if (actions.stream().anyMatch(a -> a.startsWith("s3:"))) {
          assertTrue(resources.contains(bucket), "s3 on another bucket: " + statement);
          if (resources.contains("/targets/*")) {
            assertEquals(List.of("s3:GetObject"), actions, statement.toString());
          } else {
            assertTrue(resources.contains("/results/*"), "s3 beyond results/: " + statement);
            assertEquals(
                Set.of(
                    "s3:PutObject",
                    "s3:GetObject",
                    "s3:ListMultipartUploadParts",
                    "s3:AbortMultipartUpload"),
                Set.copyOf(actions));
          }
        }
      }
      var all = statements.stream().flatMap(s -> actions(s).stream()).toList();
      assertTrue(all.contains("lambda:InvokeFunction"), all::toString);
      assertTrue(all.contains("s3:GetObject"), all::toString);
      assertTrue(all.contains("s3:PutObject"), all::toString);
      // The Distributed Map starts its child executions of this state machine.
      assertTrue(all.contains("states:StartExecution"), all::toString);
      assertFalse(all.contains("s3:ListBucket"), all::toString);
      assertFalse(all.stream().anyMatch(a -> a.endsWith("*")), all::toString);
    }
  }

  @Test
  void function_writes_the_target_lists_and_reads_only_its_source() {
    for (Template t : List.of(s3, secrets)) {
      var statements = statementsOf(t, functionRoleId(t));
      var put =
          statements.stream().filter(s -> actions(s).equals(List.of("s3:PutObject"))).toList();
      assertEquals(1, put.size(), statements::toString);
      assertEquals(
          Map.of(
              "Fn::Join",
              List.of(
                  "", List.of(Map.of("Fn::GetAtt", List.of(bucketId(t), "Arn")), "/targets/*"))),
          put.get(0).get("Resource"));
    }
    var s3Reads = statementsOf(s3, functionRoleId(s3));
    assertTrue(
        s3Reads.contains(
            Map.of(
                "Action",
                "s3:GetObject",
                "Effect",
                "Allow",
                "Resource",
                DatabaseStackTest.arn(":s3:::" + FLEET_FILE_BUCKET + "/" + FLEET_FILE_KEY))),
        s3Reads::toString);
    assertFalse(s3Reads.toString().contains("secretsmanager:ListSecrets"), s3Reads::toString);

    var secretReads = statementsOf(secrets, functionRoleId(secrets));
    assertTrue(
        secretReads.contains(
            Map.of("Action", "secretsmanager:ListSecrets", "Effect", "Allow", "Resource", "*")),
        secretReads::toString);
    assertTrue(
        secretReads.contains(
            Map.of(
                "Action",
                "secretsmanager:GetSecretValue",
                "Effect",
                "Allow",
                "Resource",
                // A literal partition: the stack's region is known.
                "arn:aws:secretsmanager:"
                    + SynthesizedApp.REGION
                    + ":"
                    + SynthesizedApp.DEV_ACCOUNT
                    + ":secret:"
                    + SECRETS_PREFIX
                    + "*")),
        secretReads::toString);
    assertFalse(
        secretReads.stream()
            .anyMatch(
                s -> actions(s).contains("s3:GetObject") && !s.toString().contains("/targets/")),
        secretReads::toString);
  }

  @Test
  void invoker_role_in_fleet_mode_starts_follows_and_reads_results_only() {
    for (Template t : List.of(s3, secrets)) {
      String role = roleId(t, "-invoker");
      assertFalse(
          DatabaseStackTest.props(t.findResources("AWS::IAM::Role").get(role))
              .containsKey("Policies"),
          "no inline policy: the function is not invoked directly");
      var statements = statementsOf(t, role);
      var actions = statements.stream().flatMap(s -> actions(s).stream()).sorted().toList();
      assertEquals(
          List.of(
              "s3:GetObject",
              "states:DescribeExecution",
              "states:DescribeMapRun",
              "states:ListMapRuns",
              "states:StartExecution"),
          actions);
      String stateMachine = logicalIdOf(t, "AWS::StepFunctions::StateMachine");
      for (var statement : statements) {
        String resource = String.valueOf(statement.get("Resource"));
        switch (actions(statement).get(0)) {
          case "states:StartExecution" ->
              assertEquals(Map.of("Ref", stateMachine), statement.get("Resource"));
          case "states:DescribeExecution" -> {
            assertTrue(resource.contains(":execution:"), resource);
            assertTrue(resource.contains(stateMachine), resource);
          }
          case "states:DescribeMapRun" -> {
            assertTrue(resource.contains(":mapRun:"), resource);
            assertTrue(resource.contains(stateMachine), resource);
          }
          case "s3:GetObject" -> {
            assertTrue(resource.contains(bucketId(t)), resource);
            assertTrue(resource.contains("/results/*"), resource);
          }
          default -> throw new AssertionError(statement.toString());
        }
      }
    }
  }

  @Test
  void function_reaches_s3_through_the_gateway_endpoint_on_443() {
    for (Template t : List.of(s3, secrets)) {
      t.hasResourceProperties(
          "AWS::EC2::VPCEndpoint",
          Map.of(
              "VpcEndpointType",
              "Gateway",
              "ServiceName",
              Match.objectLike(Map.of("Fn::Join", Match.anyValue())),
              "RouteTableIds",
              Match.arrayWith(List.of(Match.objectLike(Map.of("Ref", Match.anyValue()))))));
      assertTrue(
          t.findResources(
                  "AWS::EC2::VPCEndpoint",
                  Map.of("Properties", Map.of("VpcEndpointType", "Gateway")))
              .toString()
              .contains(".s3"));
      String functionSg =
          DatabaseStackTest.logicalId(t, "AWS::EC2::SecurityGroup", "dbmigrate migration function");
      t.hasResourceProperties(
          "AWS::EC2::SecurityGroup",
          Map.of(
              "GroupDescription",
              Match.stringLikeRegexp("^dbmigrate migration function.*"),
              "SecurityGroupEgress",
              Match.arrayWith(
                  List.of(
                      Match.objectLike(
                          Map.of(
                              "CidrIp",
                              "0.0.0.0/0",
                              "IpProtocol",
                              "tcp",
                              "FromPort",
                              443,
                              "ToPort",
                              443))))));
      assertTrue(functionSg.startsWith("Migration"), functionSg);
      t.resourceCountIs("AWS::EC2::InternetGateway", 0);
      t.resourceCountIs("AWS::EC2::NatGateway", 0);
    }
  }

  @Test
  void outputs_nothing_cdk_nag_objects_to() {
    assertEquals(List.of(), SynthesizedApp.nagErrors(s3Stack));
    assertEquals(List.of(), SynthesizedApp.nagErrors(secretsStack));
  }

  @Test
  void a_bad_source_names_the_two_forms() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> FleetMigration.Source.parse("tenants.txt"));
    assertEquals(
        "fleet source: expected s3://<bucket>/<key> or secrets:<name prefix>, got 'tenants.txt'",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> FleetMigration.Source.parse("s3://bucket"));
    assertThrows(IllegalArgumentException.class, () -> FleetMigration.Source.parse("s3://b/*.txt"));
    assertThrows(IllegalArgumentException.class, () -> FleetMigration.Source.parse("secrets:"));
    assertThrows(IllegalArgumentException.class, () -> FleetMigration.Source.parse("secrets:a*"));
    assertEquals(
        "s3://my-bucket/a/b.txt", FleetMigration.Source.parse(" s3://my-bucket/a/b.txt ").text());
    assertTrue(FleetMigration.Source.parse("secrets:db/tenants-").isSecrets());
  }

  // --- helpers -----------------------------------------------------------------------------

  /**
   * The state machine's DefinitionString as JSON: the Fn::Join's strings with each reference
   * written as {@code ${LogicalId}} or {@code ${LogicalId.Attribute}}, and the partition as aws.
   */
  static JsonNode definition(Template t) throws Exception {
    var machine =
        DatabaseStackTest.props(
            t.findResources("AWS::StepFunctions::StateMachine").values().iterator().next());
    Object definition = machine.get("DefinitionString");
    StringBuilder text = new StringBuilder();
    if (definition instanceof String s) {
      text.append(s);
    } else {
      var parts = (List<?>) ((List<?>) ((Map<?, ?>) definition).get("Fn::Join")).get(1);
      for (Object part : parts) {
        text.append(part instanceof String s ? s : reference((Map<?, ?>) part));
      }
    }
    return new ObjectMapper().readTree(text.toString());
  }

  private static String reference(Map<?, ?> part) {
    if (part.containsKey("Ref")) {
      return "AWS::Partition".equals(part.get("Ref")) ? "aws" : "${" + part.get("Ref") + "}";
    }
    var getAtt = (List<?>) part.get("Fn::GetAtt");
    if (getAtt != null) {
      return "${" + getAtt.get(0) + "." + getAtt.get(1) + "}";
    }
    throw new AssertionError("unexpected token in the definition: " + part);
  }

  private static JsonNode json(Object value) {
    return new ObjectMapper().valueToTree(value);
  }

  private static String functionId(Template t) {
    return DatabaseStackTest.logicalId(t, "AWS::Lambda::Function", MigrationFunction.HANDLER);
  }

  private static String bucketId(Template t) {
    return logicalIdOf(t, "AWS::S3::Bucket");
  }

  private static String fleetLogsId(Template t) {
    var ids =
        t.findResources("AWS::Logs::LogGroup").keySet().stream()
            .filter(id -> id.startsWith("FleetLogs"))
            .toList();
    assertEquals(1, ids.size(), ids::toString);
    return ids.get(0);
  }

  private static String logicalIdOf(Template t, String type) {
    var ids = List.copyOf(t.findResources(type).keySet());
    assertEquals(1, ids.size(), type + ": " + ids);
    return ids.get(0);
  }

  private static String roleId(Template t, String marker) {
    return DatabaseStackTest.logicalId(t, "AWS::IAM::Role", marker);
  }

  /** The role of the migration function (not the bootstrap's). */
  private static String functionRoleId(Template t) {
    var function =
        DatabaseStackTest.props(t.findResources("AWS::Lambda::Function").get(functionId(t)));
    return (String) ((List<?>) ((Map<?, ?>) function.get("Role")).get("Fn::GetAtt")).get(0);
  }

  /** Every statement of the policies attached to {@code role}. */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> statementsOf(Template t, String role) {
    List<Map<String, Object>> statements = new ArrayList<>();
    t.findResources("AWS::IAM::Policy")
        .values()
        .forEach(
            policy -> {
              var props = DatabaseStackTest.props(policy);
              if (((List<?>) props.get("Roles")).contains(Map.of("Ref", role))) {
                statements.addAll(
                    (List<Map<String, Object>>)
                        ((Map<String, Object>) props.get("PolicyDocument")).get("Statement"));
              }
            });
    assertFalse(statements.isEmpty(), "no policy on " + role);
    return statements;
  }

  private static List<String> actions(Map<String, Object> statement) {
    Object action = statement.get("Action");
    return action instanceof List<?> list
        ? list.stream().map(String::valueOf).toList()
        : List.of(String.valueOf(action));
  }
}
