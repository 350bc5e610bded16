package com.example.orders;

import dev.dbmigrate.cdk.Bastion;
import dev.dbmigrate.cdk.Database;
import dev.dbmigrate.cdk.MigrationCaller;
import dev.dbmigrate.cdk.MigrationFunction;
import dev.dbmigrate.cdk.MigrationInvokeAccess;
import dev.dbmigrate.cdk.MigrationStep;
import dev.dbmigrate.cdk.Nag;
import dev.dbmigrate.cdk.Network;
import dev.dbmigrate.cdk.Notifications;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.StageProps;
import software.amazon.awscdk.pipelines.AddStageOpts;
import software.amazon.awscdk.pipelines.CodePipeline;
import software.amazon.awscdk.pipelines.CodePipelineSource;
import software.amazon.awscdk.pipelines.ConnectionSourceOptions;
import software.amazon.awscdk.pipelines.ShellStep;
import software.constructs.Construct;

/** A team's own CDK app: its database stage, and a pipeline that deploys and migrates it. */
public final class OrdersApp {

  static final String ACCOUNT = "123456789012";
  static final String REGION = "eu-west-1";

  /** One environment: network, database, migration function, bastion, invoker role. */
  static final class OrdersStack extends Stack {
    final CfnOutput functionName;
    final CfnOutput invokerRoleArn;

    OrdersStack(Construct scope, String id, Path lambdaJar, MigrationCaller caller) {
      super(scope, id, StackProps.builder().stackName("Orders-Database").build());
      var network = Network.Builder.create(this, "Network").ssmEndpoints(true).build();
      var database =
          Database.Builder.create(this, "Database").network(network).databaseName("orders").build();
      var alarms = new Notifications(this, "Alarms", "oncall@example.com");
      var migration =
          MigrationFunction.Builder.create(this, "Migration")
              .network(network)
              .database(database)
              .jar(lambdaJar) // what `dbmigrate package-lambda --out` wrote
              .alarmTopic(alarms.topic())
              .build();
      Bastion.Builder.create(this, "Bastion").network(network).database(database).build();
      var access =
          MigrationInvokeAccess.Builder.create(this, "MigrationAccess")
              .function(migration.function())
              .caller(caller)
              .roleName(MigrationCaller.invokerRoleName("Orders-Database", REGION))
              .build();
      functionName =
          CfnOutput.Builder.create(this, "FunctionName")
              .value(migration.function().getFunctionName())
              .build();
      invokerRoleArn =
          CfnOutput.Builder.create(this, "InvokerRoleArn")
              .value(access.invokerRole().getRoleArn())
              .build();
    }
  }

  /** Builds the app; {@code main} passes the jar the build made. */
  static Stack build(App app, Path lambdaJar) {
    var env = Environment.builder().account(ACCOUNT).region(REGION).build();
    var pipelineStack = new Stack(app, "Orders-Pipeline", StackProps.builder().env(env).build());
    var synth =
        ShellStep.Builder.create("Synth")
            .input(
                CodePipelineSource.connection(
                    "example/orders",
                    "main",
                    ConnectionSourceOptions.builder()
                        .connectionArn(
                            "arn:aws:codestar-connections:eu-west-1:123456789012:connection/abc")
                        .build()))
            .env(Map.of("DBMIGRATE_ARCHIVE_URL", "https://example.com/dbmigrate-0.1.0.tar.gz"))
            .commands(
                List.of(
                    "mkdir -p dbmigrate && curl -fsSL \"$DBMIGRATE_ARCHIVE_URL\""
                        + " | tar xz -C dbmigrate --strip-components 1",
                    "dbmigrate/bin/dbmigrate package-lambda --out build/dbmigrate-lambda.jar",
                    "npx aws-cdk@2 synth"))
            .build();
    var pipeline = CodePipeline.Builder.create(pipelineStack, "Pipeline").synth(synth).build();

    var caller =
        new MigrationCaller(
            ACCOUNT, MigrationCaller.stepRoleName("Orders-Pipeline", "Production", REGION));
    var stage = new Stage(pipelineStack, "Production", StageProps.builder().env(env).build());
    var orders = new OrdersStack(stage, "Orders", lambdaJar, caller);
    Aspects.of(stage).add(Nag.checks());
    var migrate =
        MigrationStep.Builder.create(pipelineStack, "MigrateProduction")
            .tool(synth.addOutputDirectory("dbmigrate")) // the unpacked release archive
            .caller(caller)
            .invokerRoleArn(
                MigrationCaller.roleArn(
                    ACCOUNT, MigrationCaller.invokerRoleName("Orders-Database", REGION)))
            .functionNameOutput(orders.functionName)
            .invokerRoleArnOutput(orders.invokerRoleArn)
            .build();
    pipeline.addStage(stage, AddStageOpts.builder().post(List.of(migrate)).build());
    return pipelineStack;
  }

  public static void main(String[] args) {
    var app = new App();
    build(app, Path.of("build/dbmigrate-lambda.jar"));
    app.synth();
  }
}
