package dev.dbmigrate.cdk;

import java.nio.file.Path;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * One environment's database and everything around it: network, Aurora, migration function,
 * optional bastion, and the grant that lets the pipeline run migrations. Its outputs are what the
 * pipeline and {@code bin/db-tunnel} read; their keys are part of that contract.
 */
public final class DatabaseStack extends Stack {

  public static final String FUNCTION_NAME_OUTPUT = "FunctionName";
  public static final String SECRET_ARN_OUTPUT = "SecretArn";
  public static final String DATABASE_ENDPOINT_OUTPUT = "DatabaseEndpoint";
  public static final String BASTION_ID_OUTPUT = "BastionInstanceId";
  public static final String INVOKER_ROLE_ARN_OUTPUT = "InvokerRoleArn";

  private final CfnOutput functionName;
  private final CfnOutput invokerRoleArn;

  public DatabaseStack(
      Construct scope,
      String id,
      StackProps props,
      StageSettings stage,
      Path lambdaJar,
      MigrationCaller caller) {
    super(scope, id, props);
    var network = new Network(this, "Network", stage);
    var database = new Database(this, "Database", stage, network);
    var migration = new MigrationFunction(this, "Migration", stage, network, database, lambdaJar);
    var access =
        new MigrationInvokeAccess(this, "MigrationAccess", stage, migration.function(), caller);

    functionName =
        output(
            FUNCTION_NAME_OUTPUT,
            migration.function().getFunctionName(),
            "The migration function: bin/dbmigrate invoke --function <this>");
    output(
        SECRET_ARN_OUTPUT, database.secret().getSecretArn(), "The database's master credentials");
    output(
        DATABASE_ENDPOINT_OUTPUT,
        database.cluster().getClusterEndpoint().getHostname(),
        "The cluster's writer endpoint (reachable inside the VPC only)");
    if (stage.bastion()) {
      var bastion = new Bastion(this, "Bastion", network, database);
      output(
          BASTION_ID_OUTPUT,
          bastion.instance().getInstanceId(),
          "The SSM bastion: bin/db-tunnel " + stage.stackName());
    }
    invokerRoleArn =
        output(
            INVOKER_ROLE_ARN_OUTPUT,
            access.invokerRole().getRoleArn(),
            "Role the pipeline's migration step assumes to invoke the migration function");
  }

  /**
   * The region's first two AZs as CloudFormation resolves them (Fn::GetAZs) at deploy time. The
   * default for a stack with a concrete account would look them up with AWS credentials at synth
   * time; AZ letters cannot be hard-coded either, since each account sees its own set.
   */
  @Override
  public List<String> getAvailabilityZones() {
    return List.of(Fn.select(0, Fn.getAzs()), Fn.select(1, Fn.getAzs()));
  }

  public CfnOutput functionNameOutput() {
    return functionName;
  }

  public CfnOutput invokerRoleArnOutput() {
    return invokerRoleArn;
  }

  private CfnOutput output(String id, String value, String description) {
    return CfnOutput.Builder.create(this, id).value(value).description(description).build();
  }
}
