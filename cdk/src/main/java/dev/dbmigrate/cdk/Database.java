package dev.dbmigrate.cdk;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.rds.AuroraPostgresClusterEngineProps;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;
import software.amazon.awscdk.services.rds.BackupProps;
import software.amazon.awscdk.services.rds.ClusterInstance;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterEngine;
import software.amazon.awscdk.services.rds.RotationSingleUserOptions;
import software.amazon.awscdk.services.rds.ServerlessV2ClusterInstanceProps;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * Aurora PostgreSQL Serverless v2, reachable only from the security groups that are explicitly
 * allowed in ({@link #allowFrom}), TLS-only, encrypted, with its master credentials generated into
 * Secrets Manager and rotated there.
 */
public final class Database extends Construct {

  /**
   * The database the application's migrations run in; the generated secret carries it as dbname.
   */
  public static final String DATABASE_NAME = "app";

  public static final int PORT = 5432;

  private final DatabaseCluster cluster;

  public Database(Construct scope, String id, StageSettings stage, Network network) {
    super(scope, id);
    var securityGroup =
        SecurityGroup.Builder.create(this, "SecurityGroup")
            .vpc(network.vpc())
            .description(
                "Aurora PostgreSQL: reachable from the migration function, the bastion and the secret rotation only")
            .allowAllOutbound(false)
            .build();

    var engine =
        DatabaseClusterEngine.auroraPostgres(
            AuroraPostgresClusterEngineProps.builder()
                .version(AuroraPostgresEngineVersion.VER_16_13)
                .build());

    var builder =
        DatabaseCluster.Builder.create(this, "Cluster")
            .engine(engine)
            .writer(
                ClusterInstance.serverlessV2(
                    "Writer",
                    ServerlessV2ClusterInstanceProps.builder().publiclyAccessible(false).build()))
            .serverlessV2MinCapacity(stage.minCapacity())
            .serverlessV2MaxCapacity(stage.maxCapacity())
            .vpc(network.vpc())
            .vpcSubnets(network.isolatedSubnets())
            .securityGroups(List.of(securityGroup))
            .port(PORT)
            .credentials(Credentials.fromGeneratedSecret("dbmigrate_admin"))
            .defaultDatabaseName(DATABASE_NAME)
            .storageEncrypted(true)
            // Clients that cannot do TLS are refused by the server, not just discouraged.
            .parameters(Map.of("rds.force_ssl", "1"))
            // Enabled so operators may use IAM tokens; password login through the secret still
            // works.
            .iamAuthentication(true)
            .backup(BackupProps.builder().retention(stage.backupRetention()).build())
            .copyTagsToSnapshot(true)
            .deletionProtection(stage.production())
            .removalPolicy(stage.databaseRemovalPolicy());
    if (stage.minCapacity() == 0) {
      builder.serverlessV2AutoPauseDuration(Duration.minutes(10));
    }
    cluster = builder.build();

    // Monthly rotation by the AWS-provided single-user rotation function, deployed from the
    // Serverless Application Repository into the isolated subnets. It needs exactly two things: the
    // database (allowed in by the rotation itself) and Secrets Manager (through the endpoint, whose
    // private DNS name is the regional one, so no endpoint URL is passed).
    var rotationSecurityGroup =
        SecurityGroup.Builder.create(this, "RotationSecurityGroup")
            .vpc(network.vpc())
            .description(
                "Secret rotation function: egress to the database and Secrets Manager only")
            .allowAllOutbound(false)
            .build();
    cluster.addRotationSingleUser(
        RotationSingleUserOptions.builder()
            .automaticallyAfter(Duration.days(30))
            .vpcSubnets(network.isolatedSubnets())
            .securityGroup(rotationSecurityGroup)
            .build());
    network.allowSecretsManagerFrom(rotationSecurityGroup, "secret rotation function");

    if (!stage.production()) {
      Nag.suppress(
          cluster,
          "AwsSolutions-RDS10",
          "Development is disposable: bin/cdk-destroy.sh must be able to delete it, and its data is"
              + " recreated by the migrations; Production has deletion protection");
    }
  }

  /**
   * Lets {@code client} connect to the database port (and only that port) from its security group.
   */
  public void allowFrom(IConnectable client, String description) {
    cluster.getConnections().allowFrom(client, Port.tcp(PORT), description);
  }

  public ISecret secret() {
    return cluster.getSecret();
  }

  public DatabaseCluster cluster() {
    return cluster;
  }
}
