package dev.dbmigrate.cdk;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.BackupProps;
import software.amazon.awscdk.services.rds.ClusterInstance;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseSecret;
import software.amazon.awscdk.services.rds.PerformanceInsightRetention;
import software.amazon.awscdk.services.rds.RotationSingleUserOptions;
import software.amazon.awscdk.services.rds.ServerlessV2ClusterInstanceProps;
import software.amazon.awscdk.services.sam.CfnApplication;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.SecretRotation;
import software.constructs.Construct;

/**
 * Aurora Serverless v2 (PostgreSQL or MySQL, {@link DatabaseEngine}), reachable only from the
 * security groups that are explicitly allowed in ({@link #allowFrom}), TLS-only, encrypted, with
 * two generated secrets in Secrets Manager, each rotated every 30 days:
 *
 * <ul>
 *   <li>the <b>master</b> secret: break-glass only, and what the one-time bootstrap of the
 *       migration user connects with ({@link MigrationFunction});
 *   <li>the <b>migration</b> secret: the user that owns the application's schema and runs the
 *       migrations. The user itself is created by that bootstrap, so the secret's rotation waits
 *       for it ({@link #migrationSecretRotation()}).
 * </ul>
 *
 * <p>Both secrets carry {@code dbname} (and, once attached to the cluster, {@code host}, {@code
 * port} and {@code engine}), so a client needs nothing but the secret.
 */
public final class Database extends Construct {

  private final DatabaseEngine engine;
  private final String databaseName;
  private final String migrationUser;
  private final DatabaseCluster cluster;
  private final ISecret masterSecret;
  private final ISecret migrationSecret;
  private final SecretRotation migrationSecretRotation;

  /**
   * Builds a {@link Database}: {@code Database.Builder.create(this, "Database").network(network)
   * .build()}. The defaults suit a production database (deletion protection, a final snapshot, a
   * week of backups, half an ACU kept warm, Performance Insights).
   */
  public static final class Builder {
    private final Construct scope;
    private final String id;
    private Network network;
    private DatabaseEngine engine = DatabaseEngine.POSTGRESQL;
    private String databaseName = "app";
    private String masterUser = "dbmigrate_admin";
    private String migrationUser = "dbmigrate";
    private double minCapacity = 0.5;
    private double maxCapacity = 4;
    private Duration backupRetention = Duration.days(7);
    private boolean deletionProtection = true;
    private RemovalPolicy removalPolicy = RemovalPolicy.SNAPSHOT;
    private boolean performanceInsights = true;
    private RetentionDays logRetention = RetentionDays.THREE_MONTHS;

    private Builder(Construct scope, String id) {
      this.scope = scope;
      this.id = id;
    }

    /** Starts a database named {@code id} in {@code scope}. */
    public static Builder create(Construct scope, String id) {
      return new Builder(scope, id);
    }

    /** The network whose isolated subnets hold the cluster; required. */
    public Builder network(Network network) {
      this.network = network;
      return this;
    }

    /** Aurora PostgreSQL (default) or Aurora MySQL. */
    public Builder engine(DatabaseEngine engine) {
      this.engine = engine;
      return this;
    }

    /** The database the migrations run in, created with the cluster; default {@code app}. */
    public Builder databaseName(String databaseName) {
      this.databaseName = databaseName;
      return this;
    }

    /** The master user (break-glass); default {@code dbmigrate_admin}. */
    public Builder masterUser(String masterUser) {
      this.masterUser = masterUser;
      return this;
    }

    /**
     * The user that owns the application's schema and runs migrations; default {@code dbmigrate}.
     */
    public Builder migrationUser(String migrationUser) {
      this.migrationUser = migrationUser;
      return this;
    }

    /**
     * Lowest capacity in ACUs; default 0.5. At 0 the cluster pauses after 10 idle minutes and the
     * first connection after a pause waits about 15 s for it to resume.
     */
    public Builder minCapacity(double minCapacity) {
      this.minCapacity = minCapacity;
      return this;
    }

    /** Highest capacity in ACUs; default 4. */
    public Builder maxCapacity(double maxCapacity) {
      this.maxCapacity = maxCapacity;
      return this;
    }

    /** How long automated backups are kept; default 7 days. */
    public Builder backupRetention(Duration backupRetention) {
      this.backupRetention = backupRetention;
      return this;
    }

    /** Whether the cluster refuses to be deleted; default true. */
    public Builder deletionProtection(boolean deletionProtection) {
      this.deletionProtection = deletionProtection;
      return this;
    }

    /** What happens to the cluster when the stack goes; default a final snapshot. */
    public Builder removalPolicy(RemovalPolicy removalPolicy) {
      this.removalPolicy = removalPolicy;
      return this;
    }

    /** Performance Insights with its free 7-day retention; default true. */
    public Builder performanceInsights(boolean performanceInsights) {
      this.performanceInsights = performanceInsights;
      return this;
    }

    /** How long the rotation functions' logs are kept; default three months. */
    public Builder logRetention(RetentionDays logRetention) {
      this.logRetention = logRetention;
      return this;
    }

    /** The database. */
    public Database build() {
      return new Database(this);
    }
  }

  private Database(Builder props) {
    super(props.scope, Objects.requireNonNull(props.id));
    Network network = Objects.requireNonNull(props.network, "Database: network is required");
    engine = props.engine;
    databaseName = props.databaseName;
    migrationUser = props.migrationUser;
    var securityGroup =
        SecurityGroup.Builder.create(this, "SecurityGroup")
            .vpc(network.vpc())
            .description(
                "Aurora "
                    + engine.key()
                    + ": reachable from the migration function, the bastion and the secret rotation only")
            .allowAllOutbound(false)
            .build();

    // Made here rather than by the cluster, so that it carries the database's name: the secret
    // CDK would generate holds only username and password (plus what the attachment adds).
    var master =
        DatabaseSecret.Builder.create(this, "MasterSecret")
            .username(props.masterUser)
            .dbname(databaseName)
            .build();

    var writer = ServerlessV2ClusterInstanceProps.builder().publiclyAccessible(false);
    if (props.performanceInsights) {
      writer
          .enablePerformanceInsights(true)
          .performanceInsightRetention(PerformanceInsightRetention.DEFAULT);
    }
    var builder =
        DatabaseCluster.Builder.create(this, "Cluster")
            .engine(engine.clusterEngine())
            .writer(ClusterInstance.serverlessV2("Writer", writer.build()))
            .serverlessV2MinCapacity(props.minCapacity)
            .serverlessV2MaxCapacity(props.maxCapacity)
            .vpc(network.vpc())
            .vpcSubnets(network.isolatedSubnets())
            .securityGroups(List.of(securityGroup))
            .port(engine.port())
            .credentials(Credentials.fromSecret(master))
            .defaultDatabaseName(databaseName)
            .storageEncrypted(true)
            // Clients that cannot do TLS are refused by the server, not just discouraged.
            .parameters(engine.tlsOnlyParameters())
            // Enabled so operators may use IAM tokens; password login through the secret still
            // works.
            .iamAuthentication(true)
            .backup(BackupProps.builder().retention(props.backupRetention).build())
            .copyTagsToSnapshot(true)
            .deletionProtection(props.deletionProtection)
            .removalPolicy(props.removalPolicy);
    if (props.performanceInsights) {
      // The 7-day retention is free; query-level waits are what a slow migration needs.
      builder
          .enablePerformanceInsights(true)
          .performanceInsightRetention(PerformanceInsightRetention.DEFAULT);
    }
    if (props.minCapacity == 0) {
      builder.serverlessV2AutoPauseDuration(Duration.minutes(10));
    }
    cluster = builder.build();
    masterSecret = cluster.getSecret();

    migrationSecret =
        DatabaseSecret.Builder.create(this, "MigrationSecret")
            .username(migrationUser)
            .dbname(databaseName)
            .build()
            .attach(cluster);

    // Monthly rotation by the AWS-provided single-user rotation functions, deployed from the
    // Serverless Application Repository into the isolated subnets. They need exactly two things:
    // the database (allowed in by the rotation itself) and Secrets Manager (through the endpoint,
    // whose private DNS name is the regional one, so no endpoint URL is passed).
    var rotationSecurityGroup =
        SecurityGroup.Builder.create(this, "RotationSecurityGroup")
            .vpc(network.vpc())
            .description(
                "Secret rotation function: egress to the database and Secrets Manager only")
            .allowAllOutbound(false)
            .build();
    var masterRotation =
        cluster.addRotationSingleUser(
            RotationSingleUserOptions.builder()
                .automaticallyAfter(Duration.days(30))
                .vpcSubnets(network.isolatedSubnets())
                .securityGroup(rotationSecurityGroup)
                .build());
    rotationLogs(masterRotation, "MasterRotationLogs", props.logRetention);
    // The migration user changes its own password: it needs no access to the master secret.
    migrationSecretRotation =
        SecretRotation.Builder.create(this, "MigrationSecretRotation")
            .application(engine.singleUserRotation())
            .secret(migrationSecret)
            .target(cluster)
            .vpc(network.vpc())
            .vpcSubnets(network.isolatedSubnets())
            .securityGroup(rotationSecurityGroup)
            .automaticallyAfter(Duration.days(30))
            .build();
    rotationLogs(migrationSecretRotation, "MigrationRotationLogs", props.logRetention);
    network.allowSecretsManagerFrom(rotationSecurityGroup, "secret rotation functions");

    if (engine == DatabaseEngine.MYSQL) {
      Nag.suppress(
          cluster,
          "AwsSolutions-RDS11",
          "A non-default port would hide nothing: the cluster sits in subnets with no route to the"
              + " internet, and its security group admits only the security groups named in it");
      Nag.suppress(
          cluster,
          "AwsSolutions-RDS14",
          "Backtrack rewinds the whole cluster, not one migration, and bills per change record;"
              + " recovery is the automated backups' point-in-time restore and each migration's"
              + " down step");
    }
    if (!props.deletionProtection) {
      Nag.suppress(
          cluster,
          "AwsSolutions-RDS10",
          "Deletion protection is off on purpose for this database (a disposable environment that"
              + " its stack must be able to delete; its data is recreated by the migrations)");
    }
  }

  /**
   * The rotation function comes from the Serverless Application Repository with the name the
   * construct gives it, and Lambda would make its log group, without retention, on the first
   * rotation. The group is made first, under that name, with a retention. It is deleted with the
   * stack whatever the stage: a retained group of a fixed name would block the stack's next
   * creation.
   */
  private void rotationLogs(SecretRotation rotation, String id, RetentionDays retention) {
    CfnApplication application =
        rotation.getNode().findAll().stream()
            .filter(CfnApplication.class::isInstance)
            .map(CfnApplication.class::cast)
            .findFirst()
            .orElseThrow();
    var parameters = (Map<?, ?>) Stack.of(this).resolve(application.getParameters());
    var logs =
        LogGroup.Builder.create(this, id)
            .logGroupName("/aws/lambda/" + parameters.get("functionName"))
            .retention(retention)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    rotation.getNode().addDependency(logs);
  }

  /**
   * Lets {@code client} connect to the database port (and only that port) from its security group.
   */
  public void allowFrom(IConnectable client, String description) {
    cluster.getConnections().allowFrom(client, Port.tcp(engine.port()), description);
  }

  /** The master user's secret: break-glass, and the migration user's bootstrap. */
  public ISecret masterSecret() {
    return masterSecret;
  }

  /** The migration user's secret: what the migration function and operators' tools read. */
  public ISecret migrationSecret() {
    return migrationSecret;
  }

  /**
   * The migration secret's rotation; it must not start before the user exists, so the bootstrap
   * that creates the user is made a dependency of it.
   */
  public SecretRotation migrationSecretRotation() {
    return migrationSecretRotation;
  }

  /** The migration user's name. */
  public String migrationUser() {
    return migrationUser;
  }

  /** The database the migrations run in. */
  public String databaseName() {
    return databaseName;
  }

  /** Which engine the cluster runs. */
  public DatabaseEngine engine() {
    return engine;
  }

  /** The cluster. */
  public DatabaseCluster cluster() {
    return cluster;
  }
}
