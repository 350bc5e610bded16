package dev.dbmigrate.cdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.pipelines.CodeBuildStep;
import software.amazon.awscdk.pipelines.IFileSetProducer;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * The post-deploy step of a stage. It runs {@code bin/dbmigrate invoke} of the release archive that
 * the synth step built and unpacked (its input, no Maven build here) against the stage's migration
 * function, as the stage's invoker role; the function name and the role ARN come from the stage
 * stack's outputs. The CLI exits non-zero whenever the migration did not succeed. That fails the
 * step and stops the pipeline before the next stage.
 *
 * <p>The step's CodeBuild role has a derived name ({@link MigrationCaller#stepRoleName}), so the
 * stage's account can trust exactly this role without referencing the pipeline stack. The role may
 * assume that one invoker role and nothing else.
 */
final class MigrationStep {

  private MigrationStep() {}

  static CodeBuildStep create(
      Construct scope,
      StageSettings stage,
      DatabaseStack target,
      IFileSetProducer tool,
      MigrationCaller caller) {
    var role =
        Role.Builder.create(scope, stage.name() + "MigrationStepRole")
            .roleName(caller.stepRoleName())
            .description("CodeBuild role of the pipeline step that migrates " + stage.name())
            .assumedBy(new ServicePrincipal("codebuild.amazonaws.com"))
            .build();
    // The ARN is derived the way the stage stack derives the role's name; the output below is
    // the same value, read at run time.
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .actions(List.of("sts:AssumeRole"))
            .resources(
                List.of(
                    MigrationCaller.roleArn(
                        stage.account(), MigrationCaller.invokerRoleName(stage))))
            .build());

    Map<String, CfnOutput> outputs = new LinkedHashMap<>();
    outputs.put("FUNCTION_NAME", target.functionNameOutput());
    outputs.put("INVOKER_ROLE_ARN", target.invokerRoleArnOutput());

    return CodeBuildStep.Builder.create("Migrate" + stage.name())
        .input(tool)
        .role(role)
        .envFromCfnOutputs(outputs)
        // One run per container: no class-data archive to make in the background.
        .env(Map.of("DBMIGRATE_CDS", "off"))
        // bash, not ./: a source archive does not always keep the executable bit.
        .commands(
            List.of(
                "bash bin/dbmigrate invoke --function \"$FUNCTION_NAME\" --command latest --role-arn \"$INVOKER_ROLE_ARN\""))
        .timeout(Duration.minutes(30))
        .build();
  }
}
