package dev.dbmigrate.cdk;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.pipelines.AddStageOpts;
import software.amazon.awscdk.pipelines.CodeBuildOptions;
import software.amazon.awscdk.pipelines.CodePipeline;
import software.amazon.awscdk.pipelines.IFileSetProducer;
import software.amazon.awscdk.pipelines.ManualApprovalStep;
import software.amazon.awscdk.pipelines.ShellStep;
import software.amazon.awscdk.pipelines.Step;
import software.amazon.awscdk.services.codebuild.BuildEnvironment;
import software.amazon.awscdk.services.codebuild.BuildSpec;
import software.amazon.awscdk.services.codebuild.ComputeType;
import software.amazon.awscdk.services.codebuild.LinuxBuildImage;
import software.amazon.awscdk.services.codepipeline.PipelineType;
import software.constructs.Construct;

/**
 * The delivery pipeline, in the Development account: source, Maven build and synth, then
 * Development, a manual approval, and Production in its own account. After each stage deploys, its
 * migrations run; a failed migration stops the pipeline there.
 */
public final class PipelineStack extends Stack {

  public static final String PIPELINE_NAME_OUTPUT = "PipelineName";

  /** Where the synth step unpacks the release archive; the migrate steps' input. */
  static final String TOOL_DIR = "dist/target/release";

  private final CodePipeline pipeline;
  private final DatabaseStage development;
  private final DatabaseStage production;

  public PipelineStack(Construct scope, String id, StackProps props, AppSettings settings) {
    super(scope, id, props);
    var source = settings.repository().toSource(this, settings.branch());
    var synth =
        ShellStep.Builder.create("Synth")
            .input(source)
            .env(settings.asEnvironment())
            .installCommands(List.of("npm install -g aws-cdk@2"))
            .commands(
                List.of(
                    // Builds every module: runtime-lambda's deployable jar and the release archive.
                    "mvn -B -q package -DskipTests",
                    "mkdir -p "
                        + TOOL_DIR
                        + " && tar xzf dist/target/dbmigrate-*.tar.gz -C "
                        + TOOL_DIR
                        + " --strip-components 1",
                    "cd cdk && cdk synth --no-notices"))
            .primaryOutputDirectory("cdk/cdk.out")
            .build();
    // The command line built once, here: every stage's migrate step runs this artifact instead of
    // building the tool with Maven again.
    IFileSetProducer tool = synth.addOutputDirectory(TOOL_DIR);

    pipeline =
        CodePipeline.Builder.create(this, "Pipeline")
            // Production is another account: its deploy role must decrypt the artifacts.
            .crossAccountKeys(true)
            .enableKeyRotation(true)
            // V2 is billed per action minute, so an idle pipeline costs nothing.
            .pipelineType(PipelineType.V2)
            .codeBuildDefaults(
                CodeBuildOptions.builder()
                    .buildEnvironment(
                        BuildEnvironment.builder()
                            .buildImage(LinuxBuildImage.STANDARD_7_0)
                            .computeType(ComputeType.SMALL)
                            .build())
                    // Java 21 for Maven and the dbmigrate CLI (17+ needed), Node 20 for the CDK
                    // CLI.
                    .partialBuildSpec(
                        BuildSpec.fromObject(
                            Map.of(
                                "phases",
                                Map.of(
                                    "install",
                                    Map.of(
                                        "runtime-versions",
                                        Map.of("java", "corretto21", "nodejs", "20"))))))
                    .build())
            .synth(synth)
            .build();

    var devSettings =
        new StageSettings(
            "Development", settings.devAccount(), settings.region(), false, settings.devBastion());
    var prodSettings =
        new StageSettings(
            "Production", settings.prodAccount(), settings.region(), true, settings.prodBastion());
    development = addMigratedStage(settings, tool, devSettings, List.of());
    production =
        addMigratedStage(
            settings,
            tool,
            prodSettings,
            List.of(
                ManualApprovalStep.Builder.create("PromoteToProduction")
                    .comment(
                        "Development is deployed and migrated. Promote this revision to Production?")
                    .build()));

    // Build now, so the constructs the pipeline generates exist for the cdk-nag suppressions.
    pipeline.buildPipeline();
    suppressGeneratedRoleFindings();
    CfnOutput.Builder.create(this, PIPELINE_NAME_OUTPUT)
        .value(pipeline.getPipeline().getPipelineName())
        .description("aws codepipeline get-pipeline-state --name <this>")
        .build();
  }

  /** Deploys {@code stage} after {@code before}, then runs its migrations as a post-deploy step. */
  private DatabaseStage addMigratedStage(
      AppSettings settings, IFileSetProducer tool, StageSettings stage, List<Step> before) {
    // The pipeline, and so the step, lives in the Development account.
    var caller =
        new MigrationCaller(
            settings.devAccount(), MigrationCaller.stepRoleName(getStackName(), stage));
    var deployed = new DatabaseStage(this, stage, settings.lambdaJar(), caller);
    pipeline.addStage(
        deployed,
        AddStageOpts.builder()
            .pre(before)
            .post(List.of(MigrationStep.create(this, stage, deployed.stack(), tool, caller)))
            .build());
    return deployed;
  }

  /**
   * CDK Pipelines writes these policies itself. Each wildcard below is narrowed by a resource the
   * pipeline owns (its artifact bucket and key, its CodeBuild projects' log groups and report
   * groups) or by a condition; none reaches another workload's resources.
   */
  private void suppressGeneratedRoleFindings() {
    Nag.suppressMatching(
        this,
        "AwsSolutions-IAM5",
        "Read/write grants on the pipeline's own artifact bucket (object keys and S3 action groups of"
            + " bucket.grantReadWrite) and its own artifact key (kms action groups of key.grantEncryptDecrypt)",
        "/^Action::s3:(GetObject|GetBucket|List|DeleteObject|Abort)\\*$/",
        "/^Resource::<PipelineArtifactsBucket[0-9A-F]{8}\\.Arn>\\/\\*$/",
        "/^Action::kms:(GenerateDataKey|ReEncrypt)\\*$/");
    Nag.suppressMatching(
        this,
        "AwsSolutions-IAM5",
        "CodeBuild's standard grants: log streams of the project's own log group and its own report"
            + " groups (for the shared asset-publishing role: the projects of this account and region)",
        "/^Resource::arn:<AWS::Partition>:logs:[a-z0-9-]+:\\d{12}:log-group:\\/aws\\/codebuild\\/(<[A-Za-z0-9]+>:)?\\*$/",
        "/^Resource::arn:<AWS::Partition>:codebuild:[a-z0-9-]+:\\d{12}:report-group\\/(<[A-Za-z0-9]+>-)?\\*$/");
    Nag.suppress(
        pipeline.getNode().findChild("Assets"),
        "AwsSolutions-IAM5",
        "CDK Pipelines' asset-publishing role starts and watches its own CodeBuild builds;"
            + " the action does not name a project ARN",
        "Resource::*");
    Nag.suppressMatching(
        pipeline.getNode().findChild("UpdatePipeline"),
        "AwsSolutions-IAM5",
        "Self-mutation: assumes only the CDK bootstrap roles (condition on their aws-cdk:bootstrap-role tag),"
            + " and DescribeStacks/ListBucket take no narrower resource when looking up the bootstrap stack",
        "/^Resource::arn:\\*:iam::\\d{12}:role\\/\\*$/",
        "/^Resource::\\*$/");
    Nag.suppress(
        pipeline.getPipeline().getArtifactBucket(),
        "AwsSolutions-S1",
        "Holds only pipeline artifacts, encrypted with the pipeline's key and reached only by the"
            + " pipeline's roles, whose calls CloudTrail records; an access-log bucket would add a bucket"
            + " that needs the same exemption");
  }

  public CodePipeline pipeline() {
    return pipeline;
  }

  public DatabaseStage development() {
    return development;
  }

  public DatabaseStage production() {
    return production;
  }
}
