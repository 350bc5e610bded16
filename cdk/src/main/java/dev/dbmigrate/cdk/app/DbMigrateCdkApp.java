package dev.dbmigrate.cdk.app;

import dev.dbmigrate.cdk.Nag;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

/**
 * The CDK app: one pipeline stack, in the Development account, that deploys the Development and
 * Production stages. cdk-nag's AWS Solutions rules run on every synth; an unsuppressed finding
 * fails it.
 */
public final class DbMigrateCdkApp {

  public static final String PIPELINE_STACK_NAME = "DbMigrate-Pipeline";

  /** Cost-allocation tag keys, on every resource that takes tags. */
  public static final String PROJECT_TAG = "Project";

  public static final String ENVIRONMENT_TAG = "Environment";
  public static final String PROJECT = "dbmigrate";

  private DbMigrateCdkApp() {}

  public static void main(String[] args) {
    var app = new App();
    try {
      build(app, AppSettings.from(app));
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("dbmigrate-cdk: " + e.getMessage());
      System.exit(2);
    }
    app.synth();
  }

  static PipelineStack build(App app, AppSettings settings) {
    var pipeline =
        new PipelineStack(
            app,
            PIPELINE_STACK_NAME,
            StackProps.builder()
                .env(
                    Environment.builder()
                        .account(settings.devAccount())
                        .region(settings.region())
                        .build())
                .description("dbmigrate delivery pipeline: Development, approval, Production")
                .build(),
            settings);
    Tags.of(pipeline).add(PROJECT_TAG, PROJECT);
    Tags.of(pipeline).add(ENVIRONMENT_TAG, "Pipeline");
    Aspects.of(pipeline).add(Nag.checks());
    return pipeline;
  }
}
