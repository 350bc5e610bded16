package dev.dbmigrate.cdk.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The reference app with the {@code devFleet} / {@code prodFleet} context keys set, next to the
 * default app (no fleet): the stages get the fleet, and the pipeline runs it instead of the
 * function.
 */
class FleetAppTest {

  private static final String FLEET_COMMAND =
      "bash bin/dbmigrate invoke --fleet \"$STATE_MACHINE_ARN\""
          + " --results-bucket \"$RESULTS_BUCKET\" --command latest"
          + " --role-arn \"$INVOKER_ROLE_ARN\"";

  private static SynthesizedApp withFleet;
  private static SynthesizedApp withoutFleet;

  @BeforeAll
  static void synthesize() {
    withFleet = SynthesizedApp.fleet();
    withoutFleet = SynthesizedApp.get();
  }

  @Test
  void with_the_keys_each_stage_has_a_fleet_over_its_own_list() throws Exception {
    for (Template t : List.of(withFleet.developmentTemplate, withFleet.productionTemplate)) {
      t.resourceCountIs("AWS::StepFunctions::StateMachine", 1);
      t.resourceCountIs("AWS::S3::Bucket", 1);
      assertFalse(t.findOutputs(DatabaseStack.FLEET_STATE_MACHINE_OUTPUT).isEmpty());
      assertFalse(t.findOutputs(DatabaseStack.FLEET_RESULTS_BUCKET_OUTPUT).isEmpty());
      t.hasOutput(
          DatabaseStack.FLEET_STATE_MACHINE_OUTPUT,
          Map.of(
              "Value",
              Map.of(
                  "Ref",
                  DatabaseStackTest.logicalId(t, "AWS::StepFunctions::StateMachine", "Fleet"))));
      assertEquals(List.of(), SynthesizedApp.overlyBroadAllows(t));
    }
    assertEquals(
        "secrets:" + SynthesizedApp.FLEET_SECRETS_PREFIX,
        FleetMigrationTest.definition(withFleet.developmentTemplate)
            .at("/States/ListTargets/Parameters/Payload/source")
            .asText());
    assertEquals(
        SynthesizedApp.FLEET_FILE,
        FleetMigrationTest.definition(withFleet.productionTemplate)
            .at("/States/ListTargets/Parameters/Payload/source")
            .asText());
  }

  @Test
  void with_the_keys_the_invoker_role_runs_the_fleet_and_no_longer_invokes_the_function() {
    for (Template t : List.of(withFleet.developmentTemplate, withFleet.productionTemplate)) {
      t.hasResourceProperties(
          "AWS::IAM::Role",
          Map.of("RoleName", Match.stringLikeRegexp(".*-invoker-.*"), "Policies", Match.absent()));
      String role = DatabaseStackTest.logicalId(t, "AWS::IAM::Role", "-invoker-");
      String policies =
          t.findResources(
                  "AWS::IAM::Policy",
                  Map.of("Properties", Map.of("Roles", List.of(Map.of("Ref", role)))))
              .toString();
      assertTrue(policies.contains("states:StartExecution"), policies);
      assertTrue(policies.contains("states:DescribeMapRun"), policies);
      // What --results-bucket takes: the map run of a failed execution, and its results.
      assertTrue(policies.contains("states:ListMapRuns"), policies);
      assertTrue(policies.contains("s3:GetObject"), policies);
      assertTrue(policies.contains("/results/*"), policies);
      assertFalse(policies.contains("lambda:"), policies);
    }
  }

  @Test
  void with_the_keys_the_pipeline_step_runs_invoke_fleet_with_the_state_machine_output() {
    var pipeline = withFleet.pipelineTemplate;
    assertEquals(
        2,
        pipeline
            .findResources(
                "AWS::CodeBuild::Project",
                Map.of(
                    "Properties",
                    Map.of(
                        "TimeoutInMinutes",
                        130,
                        "Source",
                        PipelineStackTest.buildCommands(List.of(FLEET_COMMAND)).get("Source"))))
            .size());
    String pipelineJson = pipeline.toJSON().toString();
    for (String stage : List.of("Development", "Production")) {
      for (String variable :
          List.of(
              "STATE_MACHINE_ARN:" + DatabaseStack.FLEET_STATE_MACHINE_OUTPUT,
              "RESULTS_BUCKET:" + DatabaseStack.FLEET_RESULTS_BUCKET_OUTPUT)) {
        String name = variable.split(":", -1)[0];
        String output = variable.split(":", -1)[1];
        assertTrue(
            pipelineJson.matches(
                "(?s).*\\{\"name\":\""
                    + name
                    + "\",\"type\":\"PLAINTEXT\","
                    + "\"value\":\"#\\{DbMigratePipeline"
                    + stage
                    + "Database[0-9A-F]{8}\\."
                    + output
                    + "}\"}.*"),
            stage + " reads no " + name + " from its stack's " + output + " output");
      }
    }
    assertFalse(pipelineJson.contains("FUNCTION_NAME"), "fleet mode invokes no function");
  }

  @Test
  void without_the_keys_there_is_no_fleet() {
    for (Template t : List.of(withoutFleet.developmentTemplate, withoutFleet.productionTemplate)) {
      t.resourceCountIs("AWS::StepFunctions::StateMachine", 0);
      t.resourceCountIs("AWS::S3::Bucket", 0);
      assertTrue(t.findOutputs(DatabaseStack.FLEET_STATE_MACHINE_OUTPUT).isEmpty());
    }
    String pipelineJson = withoutFleet.pipelineTemplate.toJSON().toString();
    assertFalse(pipelineJson.contains("--fleet"));
    assertFalse(pipelineJson.contains("--results-bucket"));
    assertFalse(pipelineJson.contains("RESULTS_BUCKET"));
  }

  @Test
  void no_unsuppressed_cdk_nag_errors() {
    assertEquals(List.of(), SynthesizedApp.nagErrors(withFleet.pipeline));
    assertEquals(List.of(), SynthesizedApp.nagErrors(withFleet.pipeline.development().stack()));
    assertEquals(List.of(), SynthesizedApp.nagErrors(withFleet.pipeline.production().stack()));
  }
}
