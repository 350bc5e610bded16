package dev.dbmigrate.cdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.DistributedMap;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.ResultWriterV2;
import software.amazon.awscdk.services.stepfunctions.ResultWriterV2Props;
import software.amazon.awscdk.services.stepfunctions.RetryProps;
import software.amazon.awscdk.services.stepfunctions.S3JsonItemReader;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * Migrates a fleet of databases or tenant schemas with one Step Functions execution: the migration
 * function lists the targets ({@code fleet-targets}, from an S3 object or a Secrets Manager name
 * prefix) into the results bucket, and a Distributed Map invokes the function once per target, at
 * most {@link Builder#maxConcurrency} at a time, writing every target's result to the bucket. The
 * execution fails with {@code States.ExceedToleratedFailureThreshold} when more targets failed than
 * {@link Builder#toleratedFailurePercentage} allows. {@code dbmigrate invoke --fleet <arn>} starts
 * it and prints one line per target.
 *
 * <p>Least privilege: the state machine may invoke only that function, read only the target lists
 * ({@value #TARGETS_PREFIX}*) and write only the results ({@value #RESULTS_PREFIX}/*) of its own
 * bucket. The function may write the target lists and read only its source: the one object, or the
 * secrets whose names start with the prefix (plus {@code secretsmanager:ListSecrets}, which has no
 * resource-level form). {@link #grantRun} gives a caller what {@code invoke --fleet} needs.
 *
 * <p>The function reaches S3 through the network's gateway endpoint ({@link Network#allowS3From}).
 * Every target's own retries are the function's (lock waits, lock timeouts); the map retries an
 * invocation only when Lambda itself failed or throttled it ({@link #RETRIED_ERRORS}), never after
 * the function reported a failed migration.
 */
public final class FleetMigration extends Construct {

  /** Where {@code fleet-targets} writes each execution's target list in the results bucket. */
  public static final String TARGETS_PREFIX = "targets/";

  /** The ResultWriter's prefix: the manifest and result files of each map run go under it. */
  public static final String RESULTS_PREFIX = "results";

  /** Default number of targets migrated at the same time. */
  public static final int DEFAULT_MAX_CONCURRENCY = 10;

  /** Default limit of a whole execution, in minutes. */
  public static final int DEFAULT_TIMEOUT_MINUTES = 120;

  /**
   * The Lambda errors after which a target's invocation is tried again: the service's own failures
   * and throttling. A migration that failed ({@code MigrationFailedError}) is not among them.
   */
  public static final List<String> RETRIED_ERRORS =
      List.of(
          "Lambda.ServiceException",
          "Lambda.AWSLambdaException",
          "Lambda.SdkClientException",
          "Lambda.TooManyRequestsException");

  private final StateMachine stateMachine;
  private final Bucket resultsBucket;
  private final Source source;

  /**
   * The target list, as the {@code source} of {@code fleet-targets}: an S3 object in the fleet-file
   * format ({@code s3://<bucket>/<key>}), or every secret whose name starts with a prefix ({@code
   * secrets:<prefix>}).
   */
  public static final class Source {
    private final String bucket;
    private final String key;
    private final String secretsPrefix;

    private Source(String bucket, String key, String secretsPrefix) {
      this.bucket = bucket;
      this.key = key;
      this.secretsPrefix = secretsPrefix;
    }

    /** The fleet file at {@code s3://<bucket>/<key>}. */
    public static Source s3(String bucket, String key) {
      if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
        throw new IllegalArgumentException(
            "fleet source: '" + bucket + "' is not an S3 bucket name");
      }
      if (key == null || key.isEmpty() || key.contains("*") || key.contains("?")) {
        throw new IllegalArgumentException(
            "fleet source: s3://" + bucket + "/ needs the key of one object, without wildcards");
      }
      return new Source(bucket, key, null);
    }

    /** Every Secrets Manager secret whose name starts with {@code prefix}. */
    public static Source secretsPrefix(String prefix) {
      if (prefix == null || !prefix.matches("[A-Za-z0-9/_+=.@-]+")) {
        throw new IllegalArgumentException(
            "fleet source: secrets:"
                + prefix
                + " needs a secret name prefix (letters, digits and /_+=.@-)");
      }
      return new Source(null, null, prefix);
    }

    /**
     * Reads {@code s3://<bucket>/<key>} or {@code secrets:<prefix>}.
     *
     * @throws IllegalArgumentException naming the text and the two accepted forms
     */
    public static Source parse(String text) {
      String value = Objects.requireNonNull(text, "fleet source").trim();
      if (value.startsWith("s3://")) {
        String rest = value.substring("s3://".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? s3(rest, null) : s3(rest.substring(0, slash), rest.substring(slash + 1));
      }
      if (value.startsWith("secrets:")) {
        return secretsPrefix(value.substring("secrets:".length()));
      }
      throw new IllegalArgumentException(
          "fleet source: expected s3://<bucket>/<key> or secrets:<name prefix>, got '"
              + value
              + "'");
    }

    /** Whether the targets are the secrets under a prefix (else an S3 object). */
    public boolean isSecrets() {
      return secretsPrefix != null;
    }

    /**
     * The source as the function reads it: {@code s3://<bucket>/<key>} or {@code secrets:<prefix>}.
     */
    public String text() {
      return isSecrets() ? "secrets:" + secretsPrefix : "s3://" + bucket + "/" + key;
    }

    @Override
    public String toString() {
      return text();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Source source && source.text().equals(text());
    }

    @Override
    public int hashCode() {
      return text().hashCode();
    }

    void grantRead(Function function) {
      if (isSecrets()) {
        function.addToRolePolicy(
            PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:ListSecrets"))
                .resources(List.of("*"))
                .build());
        // Secret ARNs end in a random six-character suffix, so the prefix needs the wildcard
        // anyway.
        function.addToRolePolicy(
            PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(
                    List.of(
                        Stack.of(function)
                            .formatArn(
                                ArnComponents.builder()
                                    .service("secretsmanager")
                                    .resource("secret")
                                    .resourceName(secretsPrefix + "*")
                                    .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                                    .build())))
                .build());
      } else {
        function.addToRolePolicy(
            PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject"))
                .resources(List.of("arn:" + Aws.PARTITION + ":s3:::" + bucket + "/" + key))
                .build());
      }
    }
  }

  /**
   * Builds a {@link FleetMigration}: {@code FleetMigration.Builder.create(this, "Fleet")
   * .migration(migration).network(network).source(FleetMigration.Source.parse("secrets:tenants/"))
   * .build()}.
   */
  public static final class Builder {
    private final Construct scope;
    private final String id;
    private MigrationFunction migration;
    private Network network;
    private Source source;
    private int maxConcurrency = DEFAULT_MAX_CONCURRENCY;
    private double toleratedFailurePercentage;
    private Duration timeout = Duration.minutes(DEFAULT_TIMEOUT_MINUTES);
    private Duration resultsExpiration = Duration.days(90);
    private RemovalPolicy resultsRemovalPolicy = RemovalPolicy.RETAIN;
    private RetentionDays logRetention = RetentionDays.THREE_MONTHS;
    private RemovalPolicy logRemovalPolicy = RemovalPolicy.RETAIN;

    private Builder(Construct scope, String id) {
      this.scope = scope;
      this.id = id;
    }

    /** Starts a fleet named {@code id} in {@code scope}. */
    public static Builder create(Construct scope, String id) {
      return new Builder(scope, id);
    }

    /** The migration function that lists the targets and migrates each; required. */
    public Builder migration(MigrationFunction migration) {
      this.migration = migration;
      return this;
    }

    /** The function's network, whose S3 gateway endpoint the function is let through; required. */
    public Builder network(Network network) {
      this.network = network;
      return this;
    }

    /** Where the targets are listed; required. */
    public Builder source(Source source) {
      this.source = source;
      return this;
    }

    /**
     * How many targets are migrated at the same time; default {@value #DEFAULT_MAX_CONCURRENCY}.
     */
    public Builder maxConcurrency(int maxConcurrency) {
      if (maxConcurrency < 1 || maxConcurrency > 10_000) {
        throw new IllegalArgumentException(
            "FleetMigration: maxConcurrency must be between 1 and 10000, got " + maxConcurrency);
      }
      this.maxConcurrency = maxConcurrency;
      return this;
    }

    /**
     * The share of targets (0 to 100 %) that may fail before the execution fails; default 0: one
     * failed target fails it. The other targets are migrated either way.
     */
    public Builder toleratedFailurePercentage(double toleratedFailurePercentage) {
      if (!(toleratedFailurePercentage >= 0 && toleratedFailurePercentage <= 100)) {
        throw new IllegalArgumentException(
            "FleetMigration: toleratedFailurePercentage must be between 0 and 100, got "
                + toleratedFailurePercentage);
      }
      this.toleratedFailurePercentage = toleratedFailurePercentage;
      return this;
    }

    /** How long a whole execution may take; default two hours. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** How long target lists and results are kept in the bucket; default 90 days. */
    public Builder resultsExpiration(Duration resultsExpiration) {
      this.resultsExpiration = resultsExpiration;
      return this;
    }

    /**
     * What happens to the results bucket when the stack goes; default retain (a bucket that still
     * holds objects could not be deleted anyway).
     */
    public Builder resultsRemovalPolicy(RemovalPolicy resultsRemovalPolicy) {
      this.resultsRemovalPolicy = resultsRemovalPolicy;
      return this;
    }

    /** How long the state machine's logs are kept; default three months. */
    public Builder logRetention(RetentionDays logRetention) {
      this.logRetention = logRetention;
      return this;
    }

    /** What happens to the log group when the stack goes; default retain. */
    public Builder logRemovalPolicy(RemovalPolicy logRemovalPolicy) {
      this.logRemovalPolicy = logRemovalPolicy;
      return this;
    }

    /** The state machine, its results bucket, log group and grants. */
    public FleetMigration build() {
      return new FleetMigration(this);
    }
  }

  private FleetMigration(Builder props) {
    super(props.scope, Objects.requireNonNull(props.id));
    MigrationFunction migration =
        Objects.requireNonNull(props.migration, "FleetMigration: migration is required");
    Network network = Objects.requireNonNull(props.network, "FleetMigration: network is required");
    source = Objects.requireNonNull(props.source, "FleetMigration: source is required");
    Function function = migration.function();

    resultsBucket =
        Bucket.Builder.create(this, "Results")
            .encryption(BucketEncryption.S3_MANAGED)
            .enforceSsl(true)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .lifecycleRules(
                List.of(
                    LifecycleRule.builder()
                        .expiration(props.resultsExpiration)
                        .abortIncompleteMultipartUploadAfter(Duration.days(1))
                        .build()))
            .removalPolicy(props.resultsRemovalPolicy)
            .build();

    Map<String, Object> listPayload = new LinkedHashMap<>();
    listPayload.put("command", "fleet-targets");
    listPayload.put("source", source.text());
    listPayload.put("itemsBucket", resultsBucket.getBucketName());
    listPayload.put(
        "itemsKey", JsonPath.format(TARGETS_PREFIX + "{}.json", JsonPath.getExecutionName()));
    var listTargets =
        LambdaInvoke.Builder.create(this, "ListTargets")
            .lambdaFunction(function)
            .payload(TaskInput.fromObject(listPayload))
            .resultSelector(
                Map.of(
                    "bucket", JsonPath.stringAt("$.Payload.bucket"),
                    "key", JsonPath.stringAt("$.Payload.key"),
                    "count", JsonPath.numberAt("$.Payload.count")))
            .resultPath("$.targets")
            .retryOnServiceExceptions(false)
            .build();
    listTargets.addRetry(lambdaRetry());

    var migrateOne =
        LambdaInvoke.Builder.create(this, "MigrateTarget")
            .lambdaFunction(function)
            .payloadResponseOnly(true)
            .retryOnServiceExceptions(false)
            .build();
    migrateOne.addRetry(lambdaRetry());

    Map<String, Object> item = new LinkedHashMap<>();
    item.put("command", JsonPath.stringAt("$.command"));
    item.put("dryRun", JsonPath.stringAt("$.dryRun"));
    item.put("target", JsonPath.stringAt("$$.Map.Item.Value"));
    var migrateEach =
        DistributedMap.Builder.create(this, "MigrateEach")
            .itemReader(
                S3JsonItemReader.Builder.create()
                    .bucketNamePath(JsonPath.stringAt("$.targets.bucket"))
                    .key(JsonPath.stringAt("$.targets.key"))
                    .build())
            .itemSelector(item)
            .maxConcurrency(props.maxConcurrency)
            .toleratedFailurePercentage(props.toleratedFailurePercentage)
            // A migration may run up to the function's 15 minutes; express child runs stop at 5.
            .mapExecutionType(StateMachineType.STANDARD)
            .resultWriterV2(new ResultsWriter(resultsBucket))
            .build();
    migrateEach.itemProcessor(migrateOne);

    var logs =
        LogGroup.Builder.create(this, "Logs")
            .retention(props.logRetention)
            .removalPolicy(props.logRemovalPolicy)
            .build();
    stateMachine =
        StateMachine.Builder.create(this, "StateMachine")
            .definitionBody(DefinitionBody.fromChainable(listTargets.next(migrateEach)))
            .stateMachineType(StateMachineType.STANDARD)
            .timeout(props.timeout)
            .tracingEnabled(true)
            .logs(
                LogOptions.builder()
                    .destination(logs)
                    .level(LogLevel.ALL)
                    // The inputs carry the targets, whose JDBC URLs may hold credentials.
                    .includeExecutionData(false)
                    .build())
            .build();

    // The map reads the list fleet-targets wrote; nothing else of the bucket.
    stateMachine.addToRolePolicy(
        PolicyStatement.Builder.create()
            .actions(List.of("s3:GetObject"))
            .resources(List.of(resultsBucket.arnForObjects(TARGETS_PREFIX + "*")))
            .build());
    function.addToRolePolicy(
        PolicyStatement.Builder.create()
            .actions(List.of("s3:PutObject"))
            .resources(List.of(resultsBucket.arnForObjects(TARGETS_PREFIX + "*")))
            .build());
    source.grantRead(function);
    network.allowS3From(function, "migration function: fleet target lists");

    suppressFindings(function);
  }

  /**
   * The ResultWriter of the map, granting the state machine what writing results takes, on the
   * results prefix only (the stock writer grants it on the whole bucket).
   */
  private static final class ResultsWriter extends ResultWriterV2 {
    private final Bucket bucket;

    ResultsWriter(Bucket bucket) {
      super(ResultWriterV2Props.builder().bucket(bucket).prefix(RESULTS_PREFIX).build());
      this.bucket = bucket;
    }

    @Override
    public List<PolicyStatement> providePolicyStatements() {
      return List.of(
          PolicyStatement.Builder.create()
              .actions(
                  List.of(
                      "s3:PutObject",
                      "s3:GetObject",
                      "s3:ListMultipartUploadParts",
                      "s3:AbortMultipartUpload"))
              .resources(List.of(bucket.arnForObjects(RESULTS_PREFIX + "/*")))
              .build());
    }
  }

  private static RetryProps lambdaRetry() {
    return RetryProps.builder()
        .errors(RETRIED_ERRORS)
        .interval(Duration.seconds(2))
        .maxAttempts(6)
        .backoffRate(2)
        .build();
  }

  /**
   * Lets {@code grantee} run the fleet as {@code dbmigrate invoke --fleet} does: start an
   * execution, follow it and its map run, and read the results.
   */
  public void grantRun(IGrantable grantee) {
    stateMachine.grantStartExecution(grantee);
    stateMachine.grantExecution(grantee, "states:DescribeExecution", "states:ListMapRuns");
    grantee
        .getGrantPrincipal()
        .addToPrincipalPolicy(
            PolicyStatement.Builder.create()
                .actions(List.of("states:DescribeMapRun"))
                .resources(List.of(mapRunArns()))
                .build());
    grantee
        .getGrantPrincipal()
        .addToPrincipalPolicy(
            PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject"))
                .resources(List.of(resultsBucket.arnForObjects(RESULTS_PREFIX + "/*")))
                .build());
  }

  /** The map runs of this state machine's executions. */
  private String mapRunArns() {
    return Stack.of(this)
        .formatArn(
            ArnComponents.builder()
                .service("states")
                .resource("mapRun")
                .resourceName(stateMachine.getStateMachineName() + "/*")
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                .build());
  }

  private void suppressFindings(Function function) {
    Nag.suppress(
        resultsBucket,
        "AwsSolutions-S1",
        "Holds only the fleet's target lists and results, which expire, written and read by this"
            + " state machine, the migration function and the invoker role; without access logs,"
            + " object-level reads are recorded only where the account's CloudTrail trail has S3 data"
            + " events on. An access-log bucket would add a bucket that needs the same exemption");
    Nag.suppressMatching(
        stateMachine,
        "AwsSolutions-IAM5",
        "Step Functions' own grants: CloudWatch Logs delivery (logs:CreateLogDelivery and the rest)"
            + " and X-Ray (xray:PutTraceSegments and the rest) have no resource-level permissions;"
            + " the function's versions (<function ARN>:*) of the one function it invokes; the"
            + " Distributed Map's child executions of this state machine; the target lists and results"
            + " prefixes of its own bucket",
        "/^Resource::\\*$/",
        "/^Resource::<.*Function[0-9A-F]{8}\\.Arn>:\\*$/",
        "/^Resource::arn:[^:]+:states:[^:]+:[^:]+:execution:.+:\\*$/",
        "/^Resource::<.*Results[0-9A-F]{8}\\.Arn>\\/(targets|results)\\/\\*$/");
    Nag.suppressMatching(
        function,
        "AwsSolutions-IAM5",
        "Fleet: the function writes the target lists, under targets/ of the fleet's bucket only",
        "/^Resource::<.*Results[0-9A-F]{8}\\.Arn>\\/targets\\/\\*$/");
    if (source.isSecrets()) {
      Nag.suppressMatching(
          function,
          "AwsSolutions-IAM5",
          "Fleet from secrets: secretsmanager:ListSecrets has no resource-level permissions, and"
              + " GetSecretValue is limited to the secrets under the fleet's name prefix (a trailing"
              + " wildcard is needed anyway: secret ARNs end in a random suffix)",
          "/^Resource::\\*$/",
          "/^Resource::arn:[^:]+:secretsmanager:[^:]+:[^:]+:secret:.+\\*$/");
    }
  }

  /** The state machine {@code dbmigrate invoke --fleet} starts. */
  public StateMachine stateMachine() {
    return stateMachine;
  }

  /**
   * The bucket of target lists ({@value #TARGETS_PREFIX}) and results ({@value #RESULTS_PREFIX}/).
   */
  public Bucket resultsBucket() {
    return resultsBucket;
  }

  /** Where the targets are listed. */
  public Source source() {
    return source;
  }
}
