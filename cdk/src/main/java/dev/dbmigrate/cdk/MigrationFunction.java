package dev.dbmigrate.cdk;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The Lambda function that runs dbmigrate inside the VPC ({@code runtime-lambda}'s jar). It has its
 * own security group, the only one besides the bastion's that the database admits, and may read
 * exactly one secret: the database's.
 *
 * <p>No SnapStart: the function runs once per deployment, so nearly every invocation is a cold
 * start either way, and SnapStart would add the snapshot's creation (minutes) to every deployment
 * while restoring a snapshot taken with a connection and credentials already in memory. The
 * handler's two or three seconds of JVM start are nothing next to a migration.
 */
public final class MigrationFunction extends Construct {

  static final String HANDLER = "dev.dbmigrate.lambda.MigrationHandler::handleRequest";

  private final Function function;

  public MigrationFunction(
      Construct scope,
      String id,
      StageSettings stage,
      Network network,
      Database database,
      Path jar) {
    super(scope, id);
    var securityGroup =
        SecurityGroup.Builder.create(this, "SecurityGroup")
            .vpc(network.vpc())
            .description(
                "dbmigrate migration function: egress to the database and Secrets Manager only")
            .allowAllOutbound(false)
            .build();

    var logs =
        LogGroup.Builder.create(this, "Logs")
            .retention(stage.logRetention())
            .removalPolicy(stage.logRemovalPolicy())
            .build();

    function =
        Function.Builder.create(this, "Function")
            .description("Applies dbmigrate migrations to the " + stage.name() + " database")
            .runtime(Runtime.JAVA_21)
            // x86_64 rather than Graviton: the function runs minutes a month, so the 20 % price
            // difference is cents, and the shaded jar's native bits (if any) need no second
            // thought.
            .architecture(Architecture.X86_64)
            .code(Code.fromAsset(jar.toString()))
            .handler(HANDLER)
            .memorySize(1024)
            // A migration may build indexes on large tables; the statement and lock timeouts of the
            // runtime bound each statement, this bounds the whole run.
            .timeout(Duration.minutes(15))
            .vpc(network.vpc())
            .vpcSubnets(network.isolatedSubnets())
            .securityGroups(List.of(securityGroup))
            .logGroup(logs)
            .environment(
                Map.of(
                    "DBMIGRATE_SECRET_ID",
                    database.secret().getSecretArn(),
                    "DBMIGRATE_DB_NAME",
                    Database.DATABASE_NAME,
                    "DBMIGRATE_SSLMODE",
                    "verify-full",
                    // A run is short and I/O-bound: the C1 compiler alone starts the JVM faster.
                    "JAVA_TOOL_OPTIONS",
                    "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"))
            .build();

    database.secret().grantRead(function);
    database.allowFrom(function, "migration function");
    network.allowSecretsManagerFrom(function, "migration function");

    Nag.suppress(
        function,
        "AwsSolutions-IAM4",
        "AWS-maintained minimum for a function in a VPC: AWSLambdaBasicExecutionRole (write its logs) and"
            + " AWSLambdaVPCAccessExecutionRole (manage its network interfaces, which cannot be scoped to"
            + " resources); everything else is the explicit grant on the one secret",
        "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
        "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole");
    Nag.suppress(
        function,
        "AwsSolutions-L1",
        "java21 on purpose: runtime-lambda is built and tested against the Java 21 runtime;"
            + " moving to java25 is a change to that module and its tests first");
  }

  public Function function() {
    return function;
  }
}
