package dev.dbmigrate.cdk.app;

import dev.dbmigrate.cdk.MigrationCaller;
import dev.dbmigrate.cdk.MigrationStep;
import dev.dbmigrate.cdk.Nag;
import dev.dbmigrate.cdk.Notifications;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
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
import software.amazon.awscdk.services.codebuild.Cache;
import software.amazon.awscdk.services.codebuild.CloudWatchLoggingOptions;
import software.amazon.awscdk.services.codebuild.ComputeType;
import software.amazon.awscdk.services.codebuild.LinuxBuildImage;
import software.amazon.awscdk.services.codebuild.LocalCacheMode;
import software.amazon.awscdk.services.codebuild.LoggingOptions;
import software.amazon.awscdk.services.codebuild.Project;
import software.amazon.awscdk.services.codepipeline.PipelineType;
import software.amazon.awscdk.services.events.EventField;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.targets.SnsTopic;
import software.amazon.awscdk.services.iam.CfnPolicy;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The delivery pipeline, in the Development account: source, Maven build and synth, then
 * Development, a manual approval, and Production in its own account. After each stage deploys, its
 * migrations run; a failed migration stops the pipeline there, and a failed execution notifies the
 * alarm topic.
 */
public final class PipelineStack extends Stack {

  public static final String PIPELINE_NAME_OUTPUT = "PipelineName";

  /** Where the synth step unpacks the release archive; the migrate steps' input. */
  static final String TOOL_DIR = "dist/target/release";

  /** Maven's local repository in CodeBuild's standard image, kept by the local cache. */
  static final String MAVEN_REPOSITORY = "/root/.m2/**/*";

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
            .installCommands(List.of("npm install -g aws-cdk@" + ToolVersions.CDK_CLI))
            .commands(
                List.of(
                    // Builds every module: runtime-lambda's deployable jar and the release archive.
                    // Not quiet: a failed build's whole log is the step's output.
                    "mvn -B -ntp package -DskipTests",
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

    // One log group for every CodeBuild project of the pipeline (synth, self-update, assets,
    // migrations), so none keeps its logs forever.
    var buildLogs =
        LogGroup.Builder.create(this, "BuildLogs")
            .retention(RetentionDays.THREE_MONTHS)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();

    pipeline =
        CodePipeline.Builder.create(this, "Pipeline")
            // Production is another account: its deploy role must decrypt the artifacts.
            .crossAccountKeys(true)
            .enableKeyRotation(true)
            // V2 is billed per action minute, so an idle pipeline costs nothing.
            .pipelineType(PipelineType.V2)
            // The self-update step installs this CLI too, not whatever is newest that day.
            .cliVersion(ToolVersions.CDK_CLI)
            .codeBuildDefaults(
                CodeBuildOptions.builder()
                    .buildEnvironment(
                        BuildEnvironment.builder()
                            .buildImage(LinuxBuildImage.STANDARD_7_0)
                            .computeType(ComputeType.SMALL)
                            .build())
                    // Java 21 for Maven and the dbmigrate CLI (17+ needed), Node 22 for the CDK
                    // CLI (jsii no longer supports 20). Maven's repository is cached on the build
                    // host between builds that follow each other closely.
                    .partialBuildSpec(
                        BuildSpec.fromObject(
                            Map.of(
                                "phases",
                                Map.of(
                                    "install",
                                    Map.of(
                                        "runtime-versions",
                                        Map.of("java", "corretto21", "nodejs", "22"))),
                                "cache",
                                Map.of("paths", List.of(MAVEN_REPOSITORY)))))
                    .cache(Cache.local(LocalCacheMode.CUSTOM))
                    .logging(
                        LoggingOptions.builder()
                            .cloudWatch(
                                CloudWatchLoggingOptions.builder().logGroup(buildLogs).build())
                            .build())
                    .build())
            .synth(synth)
            .build();

    var devSettings =
        new StageSettings(
            "Development",
            settings.devAccount(),
            settings.region(),
            false,
            settings.devBastion(),
            settings.devEngine(),
            settings.devFleet());
    var prodSettings =
        new StageSettings(
            "Production",
            settings.prodAccount(),
            settings.region(),
            true,
            settings.prodBastion(),
            settings.prodEngine(),
            settings.prodFleet());
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
    narrowAssetRoleCodeBuildGrant();
    suppressGeneratedRoleFindings();
    notifyOnFailure(new Notifications(this, "Notifications", settings.alarmEmail()));
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
            settings.devAccount(),
            MigrationCaller.stepRoleName(getStackName(), stage.name(), stage.region()));
    var deployed =
        new DatabaseStage(this, stage, settings.lambdaJar(), caller, settings.alarmEmail());
    var migrate =
        MigrationStep.Builder.create(this, "Migrate" + stage.name())
            .tool(tool)
            .caller(caller)
            .invokerRoleArn(
                MigrationCaller.roleArn(
                    stage.account(),
                    MigrationCaller.invokerRoleName(stage.stackName(), stage.region())))
            .functionNameOutput(deployed.stack().functionNameOutput())
            // Null without a fleet: the step invokes the function.
            .stateMachineArnOutput(deployed.stack().fleetStateMachineArnOutput())
            // With a fleet, the failed targets are named even when the threshold fails the step.
            .resultsBucketOutput(deployed.stack().fleetResultsBucketOutput())
            .invokerRoleArnOutput(deployed.stack().invokerRoleArnOutput())
            .build();
    pipeline.addStage(deployed, AddStageOpts.builder().pre(before).post(List.of(migrate)).build());
    return deployed;
  }

  /** A failed execution (a build, a deployment, a migration) notifies the topic. */
  private void notifyOnFailure(Notifications notifications) {
    String name = pipeline.getPipeline().getPipelineName();
    Rule.Builder.create(this, "PipelineFailed")
        .description("dbmigrate pipeline execution failed")
        .eventPattern(
            EventPattern.builder()
                .source(List.of("aws.codepipeline"))
                .detailType(List.of("CodePipeline Pipeline Execution State Change"))
                .detail(Map.of("pipeline", List.of(name), "state", List.of("FAILED")))
                .build())
        .targets(
            List.of(
                SnsTopic.Builder.create(notifications.topic())
                    .message(
                        RuleTargetInput.fromText(
                            "dbmigrate pipeline "
                                + name
                                + " failed (execution "
                                + EventField.fromPath("$.detail.execution-id")
                                + "): aws codepipeline get-pipeline-state --name "
                                + name))
                    .build()))
        .build();
  }

  /**
   * CDK Pipelines grants its asset-publishing role {@code codebuild:StartBuild}, {@code StopBuild}
   * and {@code BatchGetBuilds} on every project ({@code "*"}), although these actions take project
   * ARNs. The statement is narrowed here to the asset projects the pipeline made.
   */
  private void narrowAssetRoleCodeBuildGrant() {
    IConstruct assets = pipeline.getNode().findChild("Assets");
    List<String> projectArns = new ArrayList<>();
    for (IConstruct child : assets.getNode().findAll()) {
      if (child instanceof Project project) {
        projectArns.add(project.getProjectArn());
      }
    }
    // The policy is replaced by its rendered copy with that one statement narrowed: an override
    // would change the template but not what cdk-nag reads. The pipeline is built, so the asset
    // role has all its grants by now (PipelineStackTest checks that they are still there).
    for (IConstruct child : assets.getNode().findAll()) {
      if (child instanceof CfnPolicy policy) {
        @SuppressWarnings("unchecked")
        var document = (Map<String, Object>) resolve(policy.getPolicyDocument());
        List<Object> statements = new ArrayList<>();
        boolean narrowed = false;
        for (Object item : (List<?>) document.get("Statement")) {
          var statement = new LinkedHashMap<Object, Object>((Map<?, ?>) item);
          if ("*".equals(statement.get("Resource"))
              && String.valueOf(statement.get("Action")).contains("codebuild:StartBuild")) {
            statement.put("Resource", resolve(projectArns));
            narrowed = true;
          }
          statements.add(statement);
        }
        if (narrowed) {
          var copy = new LinkedHashMap<String, Object>(document);
          copy.put("Statement", statements);
          policy.setPolicyDocument(copy);
        }
      }
    }
  }

  /**
   * CDK Pipelines writes these policies itself. Each wildcard below is narrowed by a resource the
   * pipeline owns (its artifact bucket and key, its CodeBuild log group and report groups) or by a
   * condition; none reaches another workload's resources.
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
        "CodeBuild's standard grants: log streams of the pipeline's build log group and the"
            + " projects' own report groups (for the shared asset-publishing role: the report groups"
            + " of this account and region)",
        "/^Resource::<BuildLogs[0-9A-F]{8}\\.Arn>:\\*$/",
        "/^Resource::arn:(<AWS::Partition>|aws[a-z-]*):logs:[a-z0-9-]+:\\d{12}:log-group:\\/aws\\/codebuild\\/(<[A-Za-z0-9]+>:)?\\*$/",
        "/^Resource::arn:(<AWS::Partition>|aws[a-z-]*):codebuild:[a-z0-9-]+:\\d{12}:report-group\\/(<[A-Za-z0-9]+>-)?\\*$/");
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
        "Holds only pipeline artifacts, rebuilt by every execution, encrypted with the pipeline's key"
            + " and reached only by the pipeline's roles. Without access logs, object-level reads are"
            + " recorded only where the account's CloudTrail trail has S3 data events on (the app does"
            + " not turn them on); an access-log bucket would add a bucket that needs the same"
            + " exemption");
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
