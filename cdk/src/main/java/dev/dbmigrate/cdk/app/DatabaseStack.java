package dev.dbmigrate.cdk.app;

import dev.dbmigrate.cdk.Bastion;
import dev.dbmigrate.cdk.Database;
import dev.dbmigrate.cdk.FleetMigration;
import dev.dbmigrate.cdk.MigrationCaller;
import dev.dbmigrate.cdk.MigrationFunction;
import dev.dbmigrate.cdk.MigrationInvokeAccess;
import dev.dbmigrate.cdk.Network;
import dev.dbmigrate.cdk.Notifications;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * One environment's database and everything around it: network, Aurora, migration function,
 * optional bastion, alarms, and the grant that lets the pipeline run migrations. Every difference
 * between environments comes from {@link StageSettings}; the constructs know nothing of stages. Its
 * outputs are what the pipeline and {@code bin/db-tunnel} read; their keys are part of that
 * contract.
 */
public final class DatabaseStack extends Stack {

  public static final String FUNCTION_NAME_OUTPUT = "FunctionName";
  public static final String SECRET_ARN_OUTPUT = "SecretArn";
  public static final String MIGRATION_SECRET_ARN_OUTPUT = "MigrationSecretArn";
  public static final String DATABASE_ENDPOINT_OUTPUT = "DatabaseEndpoint";
  public static final String DATABASE_PORT_OUTPUT = "DatabasePort";
  public static final String BASTION_ID_OUTPUT = "BastionInstanceId";
  public static final String INVOKER_ROLE_ARN_OUTPUT = "InvokerRoleArn";
  public static final String ALARM_TOPIC_OUTPUT = "AlarmTopicArn";
  public static final String FLEET_STATE_MACHINE_OUTPUT = "FleetStateMachineArn";
  public static final String FLEET_RESULTS_BUCKET_OUTPUT = "FleetResultsBucket";

  private final CfnOutput functionName;
  private final CfnOutput invokerRoleArn;
  private final CfnOutput fleetStateMachineArn;
  private final CfnOutput fleetResultsBucket;

  public DatabaseStack(
      Construct scope,
      String id,
      StackProps props,
      StageSettings stage,
      Path lambdaJar,
      MigrationCaller caller,
      String alarmEmail) {
    super(scope, id, props);
    var network =
        Network.Builder.create(this, "Network")
            .ssmEndpoints(stage.bastion())
            .logRetention(stage.logRetention())
            .logRemovalPolicy(stage.logRemovalPolicy())
            .build();
    var database =
        Database.Builder.create(this, "Database")
            .network(network)
            .engine(stage.engine())
            .minCapacity(stage.minCapacity())
            .maxCapacity(stage.maxCapacity())
            .backupRetention(stage.backupRetention())
            .deletionProtection(stage.production())
            .removalPolicy(stage.databaseRemovalPolicy())
            .performanceInsights(stage.production())
            .logRetention(stage.logRetention())
            .build();
    var notifications = new Notifications(this, "Notifications", alarmEmail);
    var migration =
        MigrationFunction.Builder.create(this, "Migration")
            .network(network)
            .database(database)
            .jar(lambdaJar)
            .description("Applies dbmigrate migrations to the " + stage.name() + " database")
            .logRetention(stage.logRetention())
            .logRemovalPolicy(stage.logRemovalPolicy())
            .alarmTopic(notifications.topic())
            .build();
    // With a fleet, the pipeline runs the fleet's state machine, and only that may invoke the
    // function.
    var fleet =
        stage.fleet() == null
            ? null
            : FleetMigration.Builder.create(this, "Fleet")
                .migration(migration)
                .network(network)
                .source(stage.fleet())
                .logRetention(stage.logRetention())
                .logRemovalPolicy(stage.logRemovalPolicy())
                .build();
    var access =
        MigrationInvokeAccess.Builder.create(this, "MigrationAccess")
            .function(fleet == null ? migration.function() : null)
            .fleet(fleet)
            .caller(caller)
            .roleName(MigrationCaller.invokerRoleName(stage.stackName(), stage.region()))
            .build();

    functionName =
        output(
            FUNCTION_NAME_OUTPUT,
            migration.function().getFunctionName(),
            "The migration function: bin/dbmigrate invoke --function <this>");
    output(
        SECRET_ARN_OUTPUT,
        database.masterSecret().getSecretArn(),
        "The database's master credentials: break-glass only");
    output(
        MIGRATION_SECRET_ARN_OUTPUT,
        database.migrationSecret().getSecretArn(),
        "The migration user's credentials: bin/dbmigrate --secret-id <this>");
    output(
        DATABASE_ENDPOINT_OUTPUT,
        database.cluster().getClusterEndpoint().getHostname(),
        "The cluster's writer endpoint (reachable inside the VPC only)");
    output(
        DATABASE_PORT_OUTPUT,
        Integer.toString(database.engine().port()),
        "The cluster's port (" + database.engine().key() + ")");
    output(
        ALARM_TOPIC_OUTPUT,
        notifications.topic().getTopicArn(),
        "The topic the alarms notify: aws sns subscribe --topic-arn <this> ...");
    if (stage.bastion()) {
      var bastion =
          Bastion.Builder.create(this, "Bastion").network(network).database(database).build();
      output(
          BASTION_ID_OUTPUT,
          bastion.instance().getInstanceId(),
          "The SSM bastion: bin/db-tunnel " + stage.stackName());
    }
    if (fleet != null) {
      fleetStateMachineArn =
          output(
              FLEET_STATE_MACHINE_OUTPUT,
              fleet.stateMachine().getStateMachineArn(),
              "The fleet migration: bin/dbmigrate invoke --fleet <this> (targets: "
                  + fleet.source().text()
                  + ")");
      fleetResultsBucket =
          output(
              FLEET_RESULTS_BUCKET_OUTPUT,
              fleet.resultsBucket().getBucketName(),
              "The fleet's target lists (targets/) and per-target results (results/):"
                  + " bin/dbmigrate invoke --fleet ... --results-bucket <this>");
    } else {
      fleetStateMachineArn = null;
      fleetResultsBucket = null;
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

  /** The fleet state machine's ARN, or null when the stage has no fleet. */
  public CfnOutput fleetStateMachineArnOutput() {
    return fleetStateMachineArn;
  }

  /** The fleet's results bucket, or null when the stage has no fleet. */
  public CfnOutput fleetResultsBucketOutput() {
    return fleetResultsBucket;
  }

  public CfnOutput invokerRoleArnOutput() {
    return invokerRoleArn;
  }

  private CfnOutput output(String id, String value, String description) {
    return CfnOutput.Builder.create(this, id).value(value).description(description).build();
  }
}
