package dev.dbmigrate.cdk;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * Creates the migration user once, as the master user, inside the VPC: a custom resource whose
 * handler ({@link MigrationFunction#BOOTSTRAP_HANDLER}) comes from the migration function's own
 * jar, which already holds the JDBC drivers and the RDS certificate bundle. It alone may read the
 * master secret. Creating and updating the resource sets the user's password from the migration
 * secret and hands it the schema, idempotently; deleting it leaves the user, which owns the data.
 *
 * <p>CDK's provider framework answers CloudFormation (its function needs no VPC); the handler only
 * runs the SQL and throws when it fails, which fails the deployment with its message.
 */
final class MigrationUserBootstrap extends Construct {

  /** Raise it to make the next deployment run the bootstrap again. */
  static final String VERSION = "1";

  MigrationUserBootstrap(
      Construct scope,
      String id,
      Network network,
      Database database,
      Code code,
      RetentionDays logRetention,
      RemovalPolicy logRemovalPolicy) {
    super(scope, id);
    var securityGroup =
        SecurityGroup.Builder.create(this, "SecurityGroup")
            .vpc(network.vpc())
            .description(
                "dbmigrate user bootstrap: egress to the database and Secrets Manager only")
            .allowAllOutbound(false)
            .build();
    var handler =
        Function.Builder.create(this, "Function")
            .description("Creates the dbmigrate migration user (once, as the master user)")
            .runtime(Runtime.JAVA_21)
            .architecture(Architecture.X86_64)
            .code(code)
            .handler(MigrationFunction.BOOTSTRAP_HANDLER)
            .memorySize(512)
            // Long enough for a paused Serverless v2 cluster to resume (about 15 s) several times.
            .timeout(Duration.minutes(5))
            .vpc(network.vpc())
            .vpcSubnets(network.isolatedSubnets())
            .securityGroups(List.of(securityGroup))
            .logGroup(logGroup("Logs", logRetention, logRemovalPolicy))
            .environment(
                Map.of("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"))
            .build();
    database.masterSecret().grantRead(handler);
    database.migrationSecret().grantRead(handler);
    database.allowFrom(handler, "migration user bootstrap");
    network.allowSecretsManagerFrom(handler, "migration user bootstrap");
    MigrationFunction.suppressFunctionFindings(handler);

    var provider =
        Provider.Builder.create(this, "Provider")
            .onEventHandler(handler)
            .logGroup(logGroup("ProviderLogs", logRetention, logRemovalPolicy))
            .build();
    var resource =
        CustomResource.Builder.create(this, "Resource")
            .serviceToken(provider.getServiceToken())
            .resourceType("Custom::DbMigrateMigrationUser")
            .properties(
                Map.of(
                    "MasterSecretArn", database.masterSecret().getSecretArn(),
                    "MigrationSecretArn", database.migrationSecret().getSecretArn(),
                    "DatabaseName", database.databaseName(),
                    "Version", VERSION))
            .build();
    // The cluster's writer must be up before the handler connects.
    resource.getNode().addDependency(database.cluster());

    Nag.suppressMatching(
        provider,
        "AwsSolutions-IAM4",
        "CDK's provider framework function: AWSLambdaBasicExecutionRole to write its logs, nothing"
            + " else",
        Nag.awsManagedPolicy("service-role/AWSLambdaBasicExecutionRole"));
    Nag.suppressMatching(
        provider,
        "AwsSolutions-IAM5",
        "The provider framework may invoke the bootstrap handler and its versions (<arn>:*), that"
            + " function only",
        "/^Resource::<[A-Za-z0-9]*UserBootstrapFunction[0-9A-F]{8}\\.Arn>:\\*$/");
    Nag.suppress(
        provider,
        "AwsSolutions-L1",
        "The provider framework's runtime is chosen by aws-cdk-lib, and moves with its version");
  }

  private LogGroup logGroup(String id, RetentionDays retention, RemovalPolicy removalPolicy) {
    return LogGroup.Builder.create(this, id)
        .retention(retention)
        .removalPolicy(removalPolicy)
        .build();
  }
}
