package dev.dbmigrate.cli.invoke;

import dev.dbmigrate.cli.ExitCodes;
import dev.dbmigrate.cli.Json;
import dev.dbmigrate.cli.commands.OutputOptions;
import dev.dbmigrate.cli.commands.RootCommand;
import dev.dbmigrate.cli.config.Durations;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.regions.Region;

@Command(
    name = "invoke",
    mixinStandardHelpOptions = true,
    description = {
      "Run the migrations through the migration Lambda function and exit 0 only when the function"
          + " succeeded and so did the migrations: the pipeline step after each deploy.",
      "Prints the function's log tail (stderr) and a summary of its reply (stdout). Invokes exactly"
          + " once: the client waits up to the function's 15-minute limit and never retries.",
      "With --fleet, starts the fleet state machine instead (one function invocation per target),"
          + " follows it, and prints every target's result: exit 0 when it succeeded, even with"
          + " failed targets within the tolerated share; 26 when more failed.",
      "AWS credentials and region come from the usual places (environment, profile, instance or"
          + " container role); AWS_ENDPOINT_URL_LAMBDA / _SFN / _S3 / _STS override endpoints."
    })
public final class InvokeCommand implements Callable<Integer> {

  @ParentCommand RootCommand root;
  @Spec CommandSpec spec;
  @Mixin OutputOptions output;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  /** What to invoke: the function itself, or the fleet's state machine. */
  static final class Target {
    @Option(
        names = {"-f", "--function"},
        required = true,
        paramLabel = "<name-or-arn>",
        description = "The migration function's name or ARN.")
    String function;

    @Option(
        names = "--fleet",
        required = true,
        paramLabel = "<state-machine-arn>",
        description =
            "The fleet's state machine (CDK construct FleetMigration): runs --command on every"
                + " target of its list, a few at a time.")
    String fleet;
  }

  @Option(
      names = "--dry-run",
      description =
          "The function replies with the SQL it would run and changes nothing (with --fleet: on"
              + " every target).")
  boolean dryRun;

  @Option(
      names = {"-c", "--command"},
      paramLabel = "<command>",
      defaultValue = "latest",
      description =
          "What the function runs: latest, status, rollback, up, down or drift (default: ${DEFAULT-VALUE}).")
  String command;

  @Option(
      names = {"-a", "--all"},
      description = "With rollback: revert every batch.")
  boolean all;

  @Option(
      names = "--name",
      paramLabel = "<migration>",
      description = "With up or down: the migration to move.")
  String name;

  @Option(
      names = "--role-arn",
      paramLabel = "<arn>",
      description =
          "Assume this role first (STS), e.g. to invoke the production function from the pipeline's account.")
  String roleArn;

  @Option(
      names = "--region",
      paramLabel = "<region>",
      description =
          "AWS region (default: from the function ARN, AWS_REGION or AWS_DEFAULT_REGION).")
  String region;

  @Option(
      names = "--timeout",
      paramLabel = "<duration>",
      description =
          "How long to wait for the reply (default: 16m, just over Lambda's 15-minute limit), or"
              + " with --fleet for the execution to end (default: 125m, just over the fleet state"
              + " machine's 2-hour limit).")
  String timeout;

  @Option(
      names = "--results-bucket",
      paramLabel = "<bucket>",
      description =
          "With --fleet: the fleet's results bucket (the stage's FleetResultsBucket output). When"
              + " more targets failed than the fleet tolerates, the execution has no output naming"
              + " the results; with this the command finds them by map run and names the failed"
              + " targets.")
  String resultsBucket;

  /** An S3 bucket name: 3-63 lower-case letters, digits, dots and hyphens. */
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  private static final List<String> COMMANDS =
      List.of("latest", "status", "rollback", "up", "down", "drift");

  private static final List<String> FLEET_COMMANDS = List.of("latest", "status");

  @Override
  public Integer call() {
    if (target.fleet != null) {
      return fleet();
    }
    String function = target.function;
    if (resultsBucket != null) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "--results-bucket applies with --fleet only; the function's reply carries its results");
    }
    if (!COMMANDS.contains(command)) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "--command '" + command + "' is not one of " + String.join(", ", COMMANDS));
    }
    if (function.isBlank()) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "--function is empty; pass the migration function's name or ARN (in a pipeline, check"
              + " that the variable holding it is set)");
    }
    Map<String, String> env = root.environment().variables();
    Duration wait = Durations.parse("--timeout", timeout == null ? "16m" : timeout);
    Invocation invocation;
    try (AwsSetup aws = new AwsSetup(env, function, region, roleArn)) {
      aws.resolveCredentials();
      try (LambdaInvoker invoker =
          new LambdaInvoker(aws.region(), aws.lambdaEndpoint(), aws.credentials(), wait)) {
        invocation = invoker.invoke(function, event());
      }
    }
    printLogTail(invocation.logTail());
    Map<String, JsonNode> reply = FunctionReply.successOrThrow(function, invocation);
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      out.println(invocation.payload().strip());
    } else {
      ReplyRendering.print(reply, out);
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** {@code --fleet}: the state machine's execution, its report, and exit 0 or 26. */
  private int fleet() {
    String stateMachine = target.fleet.strip();
    if (stateMachine.isEmpty()) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "--fleet is empty; pass the fleet state machine's ARN (in a pipeline, check that the"
              + " variable holding it is set)");
    }
    if (!stateMachine.startsWith("arn:") || !stateMachine.contains(":stateMachine:")) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "--fleet '"
              + stateMachine
              + "' is not a state machine ARN; write arn:aws:states:<region>:<account>:stateMachine:<name>"
              + " (the FleetMigration construct's output)");
    }
    if (!FLEET_COMMANDS.contains(command)) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "--command '"
              + command
              + "' does not run on a fleet; use "
              + String.join(" or ", FLEET_COMMANDS));
    }
    if (all || name != null) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION, "--all and --name do not apply with --fleet");
    }
    if (dryRun && command.equals("status")) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION, "--dry-run applies to latest; status changes nothing");
    }
    String bucket = resultsBucket == null ? null : resultsBucket.strip();
    if (bucket != null && !BUCKET.matcher(bucket).matches()) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "--results-bucket '"
              + bucket
              + "' is not an S3 bucket name; pass the name alone (no s3:// or key), as the"
              + " stage's FleetResultsBucket output holds it (in a pipeline, check that the"
              + " variable holding it is set)");
    }
    Duration wait = Durations.parse("--timeout", timeout == null ? "125m" : timeout);
    PrintWriter err = spec.commandLine().getErr();
    FleetReport report;
    try (AwsSetup aws =
        new AwsSetup(root.environment().variables(), stateMachine, region, roleArn)) {
      aws.resolveCredentials();
      try (StepFunctions sfn =
              new StepFunctions(aws.region(), aws.endpoint("SFN"), aws.credentials());
          FleetResults results =
              new FleetResults(aws.region(), aws.endpoint("S3"), aws.credentials())) {
        report =
            new FleetInvocation(
                    sfn,
                    results,
                    line -> {
                      err.println(line);
                      err.flush();
                    })
                .run(stateMachine, command, dryRun, wait, bucket);
      }
    }
    FleetReportRendering.print(report, output.json(), spec.commandLine().getOut());
    return report.exitCode();
  }

  private String event() {
    Map<String, Object> event = Json.object();
    event.put("command", command);
    if (all) {
      event.put("all", true);
    }
    if (name != null) {
      event.put("name", name);
    }
    if (dryRun) {
      event.put("dryRun", true);
    }
    return Json.write(event);
  }

  private void printLogTail(String log) {
    if (log.isBlank()) {
      return;
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println("--- function log (tail) ---");
    err.println(log.stripTrailing());
    err.println("--- end of function log ---");
    err.flush();
  }

  static URI uri(String s) {
    return s == null || s.isBlank() ? null : URI.create(s);
  }

  static Region regionOf(String explicit, String function, Map<String, String> env) {
    String r = explicit;
    if (r == null && function.startsWith("arn:")) {
      String[] parts = function.split(":", -1);
      r = parts.length > 3 && !parts[3].isEmpty() ? parts[3] : null;
    }
    if (r == null) {
      r = env.getOrDefault("AWS_REGION", env.get("AWS_DEFAULT_REGION"));
    }
    if (r == null) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "no AWS region: pass --region, use the function's (or state machine's) ARN, or set"
              + " AWS_REGION");
    }
    return Region.of(r);
  }
}
