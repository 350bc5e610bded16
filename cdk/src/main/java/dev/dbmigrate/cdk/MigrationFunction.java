package dev.dbmigrate.cdk;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.CreateAlarmOptions;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * The Lambda function that runs dbmigrate inside the VPC: {@code runtime-lambda}'s jar, or a team's
 * own one built by {@code dbmigrate package-lambda --out <jar>}. It has its own security group, one
 * of the few the database admits, and may read exactly one secret: the migration user's ({@link
 * Database#migrationSecret()}).
 *
 * <p>It also creates that user, once, with a custom resource backed by a second function from the
 * same jar ({@value #BOOTSTRAP_HANDLER}), which alone may read the master secret: the user is
 * created with the migration secret's password, owns the application's schema (PostgreSQL: the
 * database and its {@code public} schema; MySQL: every privilege on the database), and the
 * migration secret's rotation starts only after that.
 *
 * <p>No SnapStart: the function runs once per deployment, so nearly every invocation is a cold
 * start either way, and SnapStart would add the snapshot's creation (minutes) to every deployment
 * while restoring a snapshot taken with a connection and credentials already in memory. The
 * handler's two or three seconds of JVM start are nothing next to a migration.
 */
public final class MigrationFunction extends Construct {

  /** The handler of the migration function, in every dbmigrate Lambda jar. */
  public static final String HANDLER = "dev.dbmigrate.lambda.MigrationHandler::handleRequest";

  /** The handler of the one-time bootstrap of the migration user, in the same jar. */
  public static final String BOOTSTRAP_HANDLER =
      "dev.dbmigrate.lambda.RoleBootstrapHandler::handleRequest";

  private final Function function;
  private final Alarm errorsAlarm;

  /**
   * Builds a {@link MigrationFunction}: {@code MigrationFunction.Builder.create(this, "Migration")
   * .network(network).database(database).jar(Path.of("build/dbmigrate-lambda.jar")).build()}.
   */
  public static final class Builder {
    private final Construct scope;
    private final String id;
    private Network network;
    private Database database;
    private Code code;
    private String description = "Applies dbmigrate migrations";
    private RetentionDays logRetention = RetentionDays.THREE_MONTHS;
    private RemovalPolicy logRemovalPolicy = RemovalPolicy.RETAIN;
    private ITopic alarmTopic;
    private final Map<String, String> environment = new LinkedHashMap<>();

    private Builder(Construct scope, String id) {
      this.scope = scope;
      this.id = id;
    }

    /** Starts a migration function named {@code id} in {@code scope}. */
    public static Builder create(Construct scope, String id) {
      return new Builder(scope, id);
    }

    /** The network whose isolated subnets the function runs in; required. */
    public Builder network(Network network) {
      this.network = network;
      return this;
    }

    /** The database the function migrates; required. */
    public Builder database(Database database) {
      this.database = database;
      return this;
    }

    /**
     * The deployable jar: {@code runtime-lambda/target/dbmigrate-lambda.jar} or the output of
     * {@code dbmigrate package-lambda --out}. This or {@link #code} is required.
     */
    public Builder jar(Path jar) {
      this.code = Code.fromAsset(jar.toString());
      return this;
    }

    /** The function's code as any Lambda {@link Code} (an S3 object, for example). */
    public Builder code(Code code) {
      this.code = code;
      return this;
    }

    /** The function's description. */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** How long the functions' logs are kept; default three months. */
    public Builder logRetention(RetentionDays logRetention) {
      this.logRetention = logRetention;
      return this;
    }

    /** What happens to the log groups when the stack goes; default retain. */
    public Builder logRemovalPolicy(RemovalPolicy logRemovalPolicy) {
      this.logRemovalPolicy = logRemovalPolicy;
      return this;
    }

    /** When set, an alarm on the function's errors notifies this topic. */
    public Builder alarmTopic(ITopic alarmTopic) {
      this.alarmTopic = alarmTopic;
      return this;
    }

    /**
     * Adds a setting of the function (for example {@code DBMIGRATE_MIGRATIONS_PACKAGE}); see the
     * README's table of the function's variables.
     */
    public Builder environment(String name, String value) {
      this.environment.put(name, value);
      return this;
    }

    /** The function, its user bootstrap and, with a topic, its alarm. */
    public MigrationFunction build() {
      return new MigrationFunction(this);
    }
  }

  private MigrationFunction(Builder props) {
    super(props.scope, Objects.requireNonNull(props.id));
    Network network =
        Objects.requireNonNull(props.network, "MigrationFunction: network is required");
    Database database =
        Objects.requireNonNull(props.database, "MigrationFunction: database is required");
    Code code = Objects.requireNonNull(props.code, "MigrationFunction: jar or code is required");
    var securityGroup =
        SecurityGroup.Builder.create(this, "SecurityGroup")
            .vpc(network.vpc())
            .description(
                "dbmigrate migration function: egress to the database and Secrets Manager only")
            .allowAllOutbound(false)
            .build();

    var logs =
        LogGroup.Builder.create(this, "Logs")
            .retention(props.logRetention)
            .removalPolicy(props.logRemovalPolicy)
            .build();

    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("DBMIGRATE_SECRET_ID", database.migrationSecret().getSecretArn());
    environment.put("DBMIGRATE_SSL_MODE", "verify-full");
    // A run is short and I/O-bound: the C1 compiler alone starts the JVM faster.
    environment.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
    environment.putAll(props.environment);

    function =
        Function.Builder.create(this, "Function")
            .description(props.description)
            .runtime(Runtime.JAVA_21)
            // x86_64 rather than Graviton: the function runs minutes a month, so the 20 % price
            // difference is cents, and the shaded jar's native bits (if any) need no second
            // thought.
            .architecture(Architecture.X86_64)
            .code(code)
            .handler(HANDLER)
            .memorySize(1024)
            // A migration may build indexes on large tables; the statement and lock timeouts of the
            // runtime bound each statement, this bounds the whole run.
            .timeout(Duration.minutes(15))
            .vpc(network.vpc())
            .vpcSubnets(network.isolatedSubnets())
            .securityGroups(List.of(securityGroup))
            .logGroup(logs)
            .environment(environment)
            .build();

    database.migrationSecret().grantRead(function);
    database.allowFrom(function, "migration function");
    network.allowSecretsManagerFrom(function, "migration function");

    var bootstrap =
        new MigrationUserBootstrap(
            this,
            "UserBootstrap",
            network,
            database,
            code,
            props.logRetention,
            props.logRemovalPolicy);
    // The function must not run before its user exists, nor the rotation change a password that
    // no user has yet.
    function.getNode().addDependency(bootstrap);
    database.migrationSecretRotation().getNode().addDependency(bootstrap);

    if (props.alarmTopic != null) {
      errorsAlarm =
          function
              .metricErrors(MetricOptions.builder().period(Duration.minutes(5)).build())
              .createAlarm(
                  this,
                  "ErrorsAlarm",
                  CreateAlarmOptions.builder()
                      .alarmDescription(
                          "The migration function failed: a migration, the lock, the database or"
                              + " its settings. Its log group holds the reason.")
                      .threshold(1)
                      .evaluationPeriods(1)
                      .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                      // No invocation means nothing failed.
                      .treatMissingData(TreatMissingData.NOT_BREACHING)
                      .build());
      errorsAlarm.addAlarmAction(new SnsAction(props.alarmTopic));
    } else {
      errorsAlarm = null;
    }

    suppressFunctionFindings(function);
  }

  /** The cdk-nag findings every function of this construct has, with their reasons. */
  static void suppressFunctionFindings(Function function) {
    Nag.suppressMatching(
        function,
        "AwsSolutions-IAM4",
        "AWS-maintained minimum for a function in a VPC: AWSLambdaBasicExecutionRole (write its logs) and"
            + " AWSLambdaVPCAccessExecutionRole (manage its network interfaces, which cannot be scoped to"
            + " resources); everything else is the explicit grant on its secrets",
        Nag.awsManagedPolicy("service-role/AWSLambdaBasicExecutionRole"),
        Nag.awsManagedPolicy("service-role/AWSLambdaVPCAccessExecutionRole"));
    Nag.suppress(
        function,
        "AwsSolutions-L1",
        "java21 on purpose: runtime-lambda is built and tested against the Java 21 runtime;"
            + " moving to java25 is a change to that module and its tests first");
  }

  /** The migration function. */
  public Function function() {
    return function;
  }

  /** The alarm on the function's errors, or null when no topic was given. */
  public Alarm errorsAlarm() {
    return errorsAlarm;
  }
}
