package dev.dbmigrate.cdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.pipelines.CodeBuildStep;
import software.amazon.awscdk.pipelines.IFileSetProducer;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * The post-deploy step of a CDK Pipelines stage: it runs {@code bin/dbmigrate invoke} of an
 * unpacked dbmigrate release archive (the step's input, no build here) against the stage's
 * migration function, as the stage's invoker role; the function name and the role ARN come from the
 * stage stack's outputs at run time. The CLI exits non-zero whenever the migration did not succeed.
 * That fails the step and stops the pipeline before the next stage; the step's log holds the
 * function's log tail and the reason.
 *
 * <p>The step's CodeBuild role has a fixed, derived name ({@link MigrationCaller#stepRoleName}), so
 * the stage's account can trust exactly this role without referencing the pipeline stack ({@link
 * MigrationInvokeAccess}). The role may assume that one invoker role and nothing else.
 *
 * <p>Fleet mode ({@link Builder#stateMachineArnOutput}): the step runs {@code bin/dbmigrate invoke
 * --fleet} against the stage's {@link FleetMigration} instead, which waits for the execution,
 * prints one line per target, and exits non-zero when more targets failed than the fleet tolerates;
 * with {@link Builder#resultsBucketOutput} it names the failed targets in that case too.
 *
 * <p>Use it as {@code pipeline.addStage(stage, AddStageOpts.builder().post(List.of(step)))}.
 */
public final class MigrationStep {

  private MigrationStep() {}

  /**
   * Builds the step: {@code MigrationStep.Builder.create(pipelineStack, "MigrateDevelopment")
   * .tool(tool).caller(caller).invokerRoleArn(arn).functionNameOutput(out1)
   * .invokerRoleArnOutput(out2).build()}.
   */
  public static final class Builder {
    private final Construct scope;
    private final String id;
    private IFileSetProducer tool;
    private MigrationCaller caller;
    private String invokerRoleArn;
    private CfnOutput functionNameOutput;
    private CfnOutput stateMachineArnOutput;
    private CfnOutput invokerRoleArnOutput;
    private CfnOutput resultsBucketOutput;
    private String command = "latest";
    private Duration timeout;

    private Builder(Construct scope, String id) {
      this.scope = scope;
      this.id = id;
    }

    /**
     * Starts the step {@code id} (also the pipeline action's name); its role is made in {@code
     * scope}, the pipeline's stack.
     */
    public static Builder create(Construct scope, String id) {
      return new Builder(scope, id);
    }

    /**
     * A file set holding an unpacked dbmigrate release archive ({@code bin/dbmigrate} at its top);
     * required.
     */
    public Builder tool(IFileSetProducer tool) {
      this.tool = tool;
      return this;
    }

    /** The step's role: the pipeline's account and the role name the invoker role trusts. */
    public Builder caller(MigrationCaller caller) {
      this.caller = caller;
      return this;
    }

    /** The invoker role the step may assume, as derived ({@link MigrationCaller#roleArn}). */
    public Builder invokerRoleArn(String invokerRoleArn) {
      this.invokerRoleArn = invokerRoleArn;
      return this;
    }

    /** The stage stack's output holding the function's name; required unless in fleet mode. */
    public Builder functionNameOutput(CfnOutput functionNameOutput) {
      this.functionNameOutput = functionNameOutput;
      return this;
    }

    /**
     * Fleet mode: the stage stack's output holding the {@link FleetMigration}'s state machine ARN;
     * the step then runs {@code invoke --fleet "$STATE_MACHINE_ARN"} instead of the function.
     */
    public Builder stateMachineArnOutput(CfnOutput stateMachineArnOutput) {
      this.stateMachineArnOutput = stateMachineArnOutput;
      return this;
    }

    /**
     * Fleet mode, optional: the stage stack's output holding the {@link FleetMigration}'s results
     * bucket ({@link FleetMigration#resultsBucket}); the step then passes {@code --results-bucket
     * "$RESULTS_BUCKET"}, so that when more targets failed than the fleet tolerates (the execution
     * fails, without output) the log still names the failed targets. The invoker role may read the
     * results already ({@link FleetMigration#grantRun}).
     */
    public Builder resultsBucketOutput(CfnOutput resultsBucketOutput) {
      this.resultsBucketOutput = resultsBucketOutput;
      return this;
    }

    /** The stage stack's output holding the invoker role's ARN; required. */
    public Builder invokerRoleArnOutput(CfnOutput invokerRoleArnOutput) {
      this.invokerRoleArnOutput = invokerRoleArnOutput;
      return this;
    }

    /** The command the function runs; default {@code latest}. */
    public Builder command(String command) {
      this.command = command;
      return this;
    }

    /**
     * How long the step may take; default 30 minutes (the function's own limit is 15), in fleet
     * mode ten minutes more than a fleet execution's default limit ({@link
     * FleetMigration#DEFAULT_TIMEOUT_MINUTES}).
     */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** The step. */
    public CodeBuildStep build() {
      Objects.requireNonNull(tool, "MigrationStep: tool is required");
      Objects.requireNonNull(caller, "MigrationStep: caller is required");
      Objects.requireNonNull(invokerRoleArn, "MigrationStep: invokerRoleArn is required");
      boolean fleet = stateMachineArnOutput != null;
      if (!fleet && resultsBucketOutput != null) {
        throw new IllegalArgumentException(
            "MigrationStep: resultsBucketOutput applies in fleet mode only; set"
                + " stateMachineArnOutput too, or leave it out");
      }
      var role =
          Role.Builder.create(scope, id + "Role")
              .roleName(caller.stepRoleName())
              .description("CodeBuild role of the pipeline step " + id)
              .assumedBy(new ServicePrincipal("codebuild.amazonaws.com"))
              .build();
      // The ARN is derived the way the stage stack derives the role's name; the output is the same
      // value, read at run time.
      role.addToPolicy(
          PolicyStatement.Builder.create()
              .actions(List.of("sts:AssumeRole"))
              .resources(List.of(invokerRoleArn))
              .build());

      Map<String, CfnOutput> outputs = new LinkedHashMap<>();
      if (fleet) {
        outputs.put("STATE_MACHINE_ARN", stateMachineArnOutput);
        if (resultsBucketOutput != null) {
          outputs.put("RESULTS_BUCKET", resultsBucketOutput);
        }
      } else {
        outputs.put(
            "FUNCTION_NAME",
            Objects.requireNonNull(
                functionNameOutput,
                "MigrationStep: functionNameOutput (or, for a fleet, stateMachineArnOutput) is"
                    + " required"));
      }
      outputs.put(
          "INVOKER_ROLE_ARN",
          Objects.requireNonNull(
              invokerRoleArnOutput, "MigrationStep: invokerRoleArnOutput is required"));
      String target =
          !fleet
              ? "--function \"$FUNCTION_NAME\""
              : resultsBucketOutput == null
                  ? "--fleet \"$STATE_MACHINE_ARN\""
                  : "--fleet \"$STATE_MACHINE_ARN\" --results-bucket \"$RESULTS_BUCKET\"";
      Duration limit =
          timeout != null
              ? timeout
              : fleet
                  ? Duration.minutes(FleetMigration.DEFAULT_TIMEOUT_MINUTES + 10)
                  : Duration.minutes(30);

      return CodeBuildStep.Builder.create(id)
          .input(tool)
          .role(role)
          .envFromCfnOutputs(outputs)
          // One run per container: no class-data archive to make in the background.
          .env(Map.of("DBMIGRATE_CDS", "off"))
          // bash, not ./: a source archive does not always keep the executable bit.
          .commands(
              List.of(
                  "bash bin/dbmigrate invoke "
                      + target
                      + " --command "
                      + command
                      + " --role-arn \"$INVOKER_ROLE_ARN\""))
          .timeout(limit)
          .build();
    }
  }
}
