package dev.dbmigrate.cdk.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.cdk.MigrationCaller;
import dev.dbmigrate.cdk.MigrationStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.pipelines.ShellStep;

class PipelineStackTest {

  private static SynthesizedApp app;
  private static Template pipeline;

  @BeforeAll
  static void synthesize() {
    app = SynthesizedApp.get();
    pipeline = app.pipelineTemplate;
  }

  @Test
  void stages_run_in_order_with_a_manual_approval_before_production() {
    var stages = stages();
    assertEquals(
        List.of("Source", "Build", "UpdatePipeline", "Assets", "Development", "Production"),
        stages.stream().map(s -> s.get("Name")).toList());

    var production = actions(stages.get(5));
    assertEquals("Manual", provider(production.get(0)));
    assertEquals(1, production.get(0).get("RunOrder"));
    assertTrue(
        production.stream()
            .filter(a -> "CloudFormation".equals(provider(a)))
            .allMatch(a -> ((Number) a.get("RunOrder")).intValue() > 1),
        "approval must come before the deployment");
    assertEquals("MigrateProduction", production.get(production.size() - 1).get("Name"));
    assertEquals(
        "MigrateDevelopment",
        actions(stages.get(4)).get(actions(stages.get(4)).size() - 1).get("Name"));
  }

  @Test
  void synth_builds_with_maven_and_synthesizes_with_the_cdk_cli_on_standard_7() {
    pipeline.hasResourceProperties(
        "AWS::CodeBuild::Project",
        Map.of(
            "Environment",
            Match.objectLike(
                Map.of(
                    "Image",
                    "aws/codebuild/standard:7.0",
                    "EnvironmentVariables",
                    Match.arrayWith(
                        List.of(
                            Map.of(
                                "Name",
                                "CDK_PROD_ACCOUNT",
                                "Type",
                                "PLAINTEXT",
                                "Value",
                                SynthesizedApp.PROD_ACCOUNT)))))));
    pipeline.hasResourceProperties(
        "AWS::CodeBuild::Project",
        buildCommands(
            List.of(
                "mvn -B -ntp package -DskipTests",
                "mkdir -p dist/target/release && tar xzf dist/target/dbmigrate-*.tar.gz -C"
                    + " dist/target/release --strip-components 1",
                "cd cdk && cdk synth --no-notices")));
    // The cloud assembly, and the unpacked release archive for the migrate steps.
    var outputs =
        Match.objectLike(
            Map.of(
                "Synth_Output",
                Match.objectLike(Map.of("base-directory", "cdk/cdk.out")),
                "Synth_dist_target_release",
                Match.objectLike(Map.of("base-directory", "dist/target/release"))));
    var artifacts = Match.objectLike(Map.of("secondary-artifacts", outputs));
    pipeline.hasResourceProperties(
        "AWS::CodeBuild::Project",
        Map.of(
            "Source",
            Match.objectLike(
                Map.of(
                    "BuildSpec",
                    Match.serializedJson(Match.objectLike(Map.of("artifacts", artifacts)))))));
    // crossAccountKeys: the artifacts are encrypted with a customer key that Production can be
    // granted.
    pipeline.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
  }

  @Test
  void each_stage_is_migrated_by_bin_dbmigrate_invoke_with_values_from_the_stack_outputs() {
    for (String stage : List.of("Development", "Production")) {
      var migrate =
          actions(
                  stages().stream()
                      .filter(s -> stage.equals(s.get("Name")))
                      .findFirst()
                      .orElseThrow())
              .stream()
              .filter(a -> ("Migrate" + stage).equals(a.get("Name")))
              .findFirst()
              .orElseThrow();
      @SuppressWarnings("unchecked")
      String env =
          (String) ((Map<String, Object>) migrate.get("Configuration")).get("EnvironmentVariables");
      assertFalse(env.contains("RESULTS_BUCKET"), "no fleet, no results bucket: " + env);
      for (String variable :
          List.of("FUNCTION_NAME:FunctionName", "INVOKER_ROLE_ARN:InvokerRoleArn")) {
        String name = variable.split(":", -1)[0];
        String output = variable.split(":", -1)[1];
        assertTrue(
            env.matches(
                ".*\\{\"name\":\""
                    + name
                    + "\",\"type\":\"PLAINTEXT\",\"value\":\"#\\{DbMigratePipeline"
                    + stage
                    + "Database[0-9A-F]{8}\\."
                    + output
                    + "}\"}.*"),
            env);
      }
    }
    // The migrate steps run the tool the synth step built, not a checkout to build again.
    var synthOutputs =
        stages().stream()
            .flatMap(s -> actions(s).stream())
            .filter(a -> "Synth".equals(a.get("Name")))
            .findFirst()
            .orElseThrow()
            .get("OutputArtifacts")
            .toString();
    for (String stage : List.of("Development", "Production")) {
      var inputs =
          stages().stream()
              .flatMap(s -> actions(s).stream())
              .filter(a -> ("Migrate" + stage).equals(a.get("Name")))
              .findFirst()
              .orElseThrow()
              .get("InputArtifacts");
      @SuppressWarnings("unchecked")
      var names = ((List<Map<String, Object>>) inputs).stream().map(i -> i.get("Name")).toList();
      assertEquals(1, names.size(), names::toString);
      assertTrue(
          synthOutputs.contains("Name=" + names.get(0) + "}"),
          names + " is not an output of the synth step: " + synthOutputs);
      assertTrue(
          !names.get(0).toString().contains("Source"),
          "the migrate step builds from the source: " + names);
    }
    var migrate =
        buildCommands(
            List.of(
                "bash bin/dbmigrate invoke --function \"$FUNCTION_NAME\" --command latest --role-arn \"$INVOKER_ROLE_ARN\""));
    assertEquals(
        2, pipeline.findResources("AWS::CodeBuild::Project", Map.of("Properties", migrate)).size());
  }

  @Test
  void a_step_without_a_fleet_refuses_a_results_bucket() {
    var stack = new Stack(new App(), "Pipeline");
    var output = CfnOutput.Builder.create(stack, "Out").value("x").build();
    var step =
        MigrationStep.Builder.create(stack, "Migrate")
            .tool(ShellStep.Builder.create("Tool").commands(List.of("true")).build())
            .caller(new MigrationCaller("111111111111", "Pipeline-Dev-migrate-eu-west-1"))
            .invokerRoleArn("arn:aws:iam::111111111111:role/invoker")
            .functionNameOutput(output)
            .invokerRoleArnOutput(output)
            .resultsBucketOutput(output);
    var e = assertThrows(IllegalArgumentException.class, step::build);
    assertTrue(
        e.getMessage().contains("resultsBucketOutput applies in fleet mode only"), e::toString);
  }

  @Test
  void each_step_may_assume_exactly_its_stage_invoker_role() {
    for (String stage : List.of("Development", "Production")) {
      String account =
          stage.equals("Development") ? SynthesizedApp.DEV_ACCOUNT : SynthesizedApp.PROD_ACCOUNT;
      pipeline.hasResourceProperties(
          "AWS::IAM::Role",
          Map.of(
              "RoleName",
              "DbMigrate-Pipeline-" + stage + "-migrate-eu-west-1",
              "AssumeRolePolicyDocument",
              Match.objectLike(
                  Map.of(
                      "Statement",
                      List.of(
                          Match.objectLike(
                              Map.of(
                                  "Principal", Map.of("Service", "codebuild.amazonaws.com"))))))));
      var assumeStatements =
          pipeline.findResources(
              "AWS::IAM::Policy",
              Map.of(
                  "Properties",
                  Map.of(
                      "Roles",
                          List.of(
                              Map.of("Ref", Match.stringLikeRegexp("^Migrate" + stage + "Role.*"))),
                      "PolicyDocument",
                          Map.of(
                              "Statement",
                              Match.arrayWith(
                                  List.of(
                                      Match.objectLike(
                                          Map.of(
                                              "Action",
                                              "sts:AssumeRole",
                                              "Resource",
                                              DatabaseStackTest.arn(
                                                  ":iam::"
                                                      + account
                                                      + ":role/"
                                                      + stage
                                                      + "-Database-invoker-eu-west-1")))))))));
      assertEquals(1, assumeStatements.size(), stage);
      // sts:AssumeRole appears once in the policy: on that role only.
      assertEquals(
          1,
          assumeStatements.values().iterator().next().toString().split("sts:AssumeRole", -1).length
              - 1);
    }

    assertEquals(List.of(), SynthesizedApp.overlyBroadAllows(pipeline));
  }

  @Test
  void synth_needs_no_aws_account_because_nothing_is_looked_up() throws Exception {
    // A lookup that could not be answered is listed as "missing" in the assembly's manifests.
    try (var files = Files.walk(app.assemblyDir)) {
      var manifests =
          files.filter(f -> f.getFileName().toString().equals("manifest.json")).toList();
      assertEquals(3, manifests.size(), manifests.toString());
      for (Path manifest : manifests) {
        assertFalse(
            Files.readString(manifest).contains("\"missing\""), manifest + " has a context lookup");
      }
    }
  }

  @Test
  void no_unsuppressed_cdk_nag_errors() {
    assertEquals(List.of(), SynthesizedApp.nagErrors(app.pipeline));
  }

  @Test
  void builds_use_node_22_a_pinned_cdk_cli_a_maven_cache_and_logs_that_expire() {
    assertTrue(ToolVersions.CDK_CLI.matches("2\\.\\d+\\.\\d+"), ToolVersions.CDK_CLI);
    var install =
        Match.objectLike(
            Map.of(
                "install",
                Match.objectLike(
                    Map.of(
                        "runtime-versions", Map.of("java", "corretto21", "nodejs", "22"),
                        "commands", List.of("npm install -g aws-cdk@" + ToolVersions.CDK_CLI)))));
    pipeline.hasResourceProperties(
        "AWS::CodeBuild::Project",
        Map.of(
            "Source",
            Match.objectLike(
                Map.of(
                    "BuildSpec",
                    Match.serializedJson(
                        Match.objectLike(
                            Map.of(
                                "phases",
                                install,
                                "cache",
                                Map.of("paths", List.of(PipelineStack.MAVEN_REPOSITORY)))))))));
    // The self-update step installs the same CLI.
    var selfUpdate =
        pipeline.findResources(
            "AWS::CodeBuild::Project",
            Map.of(
                "Properties",
                Map.of(
                    "Source",
                    Match.objectLike(
                        Map.of(
                            "BuildSpec",
                            Match.stringLikeRegexp(
                                ".*npm install -g aws-cdk@"
                                    + ToolVersions.CDK_CLI.replace(".", "\\.")
                                    + ".*"))))));
    assertEquals(2, selfUpdate.size(), "synth and self-update");

    String buildLogs = DatabaseStackTest.logicalId(pipeline, "AWS::Logs::LogGroup", "");
    pipeline.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 90));
    var projects = pipeline.findResources("AWS::CodeBuild::Project");
    // Synth, self-update, two migrations, and an asset project per asset.
    assertTrue(projects.size() >= 5, projects.keySet().toString());
    projects.forEach(
        (id, project) -> {
          var props = DatabaseStackTest.props(project);
          assertEquals(
              Map.of(
                  "CloudWatchLogs",
                  Map.of("GroupName", Map.of("Ref", buildLogs), "Status", "ENABLED")),
              props.get("LogsConfig"),
              id);
          assertEquals(
              Map.of("Type", "LOCAL", "Modes", List.of("LOCAL_CUSTOM_CACHE")),
              props.get("Cache"),
              id);
          assertEquals(
              "aws/codebuild/standard:7.0",
              ((Map<?, ?>) props.get("Environment")).get("Image"),
              id);
        });
  }

  @Test
  void a_failed_execution_notifies_the_topic_and_tags_mark_the_pipeline() {
    String topic = DatabaseStackTest.logicalId(pipeline, "AWS::SNS::Topic", "");
    pipeline.hasResourceProperties(
        "AWS::Events::Rule",
        Map.of(
            "EventPattern",
            Map.of(
                "source", List.of("aws.codepipeline"),
                "detail-type", List.of("CodePipeline Pipeline Execution State Change"),
                "detail",
                    Map.of(
                        "pipeline", List.of(Map.of("Ref", Match.stringLikeRegexp("^Pipeline.*"))),
                        "state", List.of("FAILED"))),
            "Targets",
            List.of(Match.objectLike(Map.of("Arn", Map.of("Ref", topic))))));
    pipeline.hasResourceProperties(
        "AWS::SNS::Subscription",
        Map.of("Protocol", "email", "Endpoint", SynthesizedApp.ALARM_EMAIL));
    pipeline.hasResourceProperties(
        "AWS::CodePipeline::Pipeline",
        Map.of(
            "Tags",
            Match.arrayWith(
                List.of(
                    Map.of("Key", "Environment", "Value", "Pipeline"),
                    Map.of("Key", "Project", "Value", "dbmigrate")))));
  }

  @Test
  void the_asset_role_may_start_only_the_asset_projects_builds() {
    var statements = new java.util.ArrayList<Map<?, ?>>();
    pipeline
        .findResources("AWS::IAM::Policy")
        .values()
        .forEach(
            p -> {
              var doc = (Map<?, ?>) DatabaseStackTest.props(p).get("PolicyDocument");
              for (Object st : (List<?>) doc.get("Statement")) {
                if (String.valueOf(((Map<?, ?>) st).get("Action"))
                    .contains("codebuild:StartBuild")) {
                  statements.add((Map<?, ?>) st);
                }
              }
            });
    assertFalse(statements.isEmpty());
    // The rewrite kept the asset role's other grants.
    String assetPolicy =
        pipeline
            .findResources(
                "AWS::IAM::Policy",
                Map.of(
                    "Properties",
                    Map.of(
                        "Roles",
                        List.of(
                            Map.of("Ref", Match.stringLikeRegexp("^PipelineAssetsFileRole.*"))))))
            .toString();
    for (String action :
        List.of("sts:AssumeRole", "s3:GetObject*", "kms:Decrypt", "logs:PutLogEvents")) {
      assertTrue(assetPolicy.contains(action), action + " is missing: " + assetPolicy);
    }
    for (var statement : statements) {
      assertFalse("*".equals(statement.get("Resource")), statement.toString());
      assertFalse(String.valueOf(statement.get("Resource")).contains("*"), statement.toString());
    }
  }

  /** A CodeBuild project whose buildspec's build phase runs exactly {@code commands}. */
  static Map<String, Object> buildCommands(List<String> commands) {
    var buildPhase = Map.of("build", Map.of("commands", commands));
    var buildSpec = Match.objectLike(Map.of("phases", Match.objectLike(buildPhase)));
    return Map.of("Source", Match.objectLike(Map.of("BuildSpec", Match.serializedJson(buildSpec))));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> stages() {
    var resource = pipeline.findResources("AWS::CodePipeline::Pipeline").values().iterator().next();
    return (List<Map<String, Object>>) DatabaseStackTest.props(resource).get("Stages");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> actions(Map<String, Object> stage) {
    return ((List<Map<String, Object>>) stage.get("Actions"))
        .stream()
            .sorted(java.util.Comparator.comparingInt(a -> ((Number) a.get("RunOrder")).intValue()))
            .toList();
  }

  @SuppressWarnings("unchecked")
  private static String provider(Map<String, Object> action) {
    return (String) ((Map<String, Object>) action.get("ActionTypeId")).get("Provider");
  }
}
