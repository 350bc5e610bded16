package dev.dbmigrate.cli.invoke;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionLimitExceededException;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.MapRunItemCounts;
import software.amazon.awssdk.services.sfn.model.MapRunListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/**
 * The Step Functions calls of {@code invoke --fleet}: start one execution, then read its state and
 * its map run's counts. Each failure is a {@link MigrationException} naming the API call, so the
 * exit code tells a missing state machine (21) from a refused caller (22) and an unreachable API
 * (23). Starting is safe to retry: the execution's name makes a repeated request start nothing new.
 */
final class StepFunctions implements AutoCloseable {

  private final SfnClient client;

  StepFunctions(Region region, URI endpoint, AwsCredentialsProvider credentials) {
    var builder =
        SfnClient.builder()
            .region(region)
            .credentialsProvider(credentials)
            .httpClient(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(30))
                    .build())
            .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(90)));
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    this.client = builder.build();
  }

  /** Starts an execution named {@code name}; returns its ARN. */
  String start(String stateMachine, String name, String input) {
    try {
      return client
          .startExecution(r -> r.stateMachineArn(stateMachine).name(name).input(input))
          .executionArn();
    } catch (StateMachineDoesNotExistException e) {
      throw new MigrationException(
          ErrorCode.FUNCTION_UNAVAILABLE,
          "state machine "
              + stateMachine
              + " was not found: "
              + message(e)
              + "; check the ARN, the region and the account",
          e);
    } catch (ExecutionLimitExceededException e) {
      throw new MigrationException(
          ErrorCode.FUNCTION_UNAVAILABLE,
          "state machine "
              + stateMachine
              + " refused a new execution (too many running): "
              + message(e)
              + "; run again later",
          e);
    } catch (InvalidArnException e) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "--fleet '" + stateMachine + "' is not a state machine ARN: " + message(e),
          e);
    } catch (AwsServiceException e) {
      throw refused("states:StartExecution on " + stateMachine, e);
    } catch (SdkClientException e) {
      throw unreachable("start an execution of " + stateMachine, e, "Nothing was started");
    }
  }

  DescribeExecutionResponse describe(String execution) {
    try {
      return client.describeExecution(r -> r.executionArn(execution));
    } catch (ExecutionDoesNotExistException e) {
      throw new MigrationException(
          ErrorCode.FUNCTION_UNAVAILABLE,
          "execution " + execution + " was not found: " + message(e),
          e);
    } catch (AwsServiceException e) {
      throw refused("states:DescribeExecution on " + execution, e);
    } catch (SdkClientException e) {
      throw unreachable(
          "follow execution " + execution, e, "The execution goes on; follow it in the console");
    }
  }

  /**
   * The ARN of the execution's map run (the fleet state machine has one Distributed Map, so one map
   * run per execution); empty when it has none, e.g. the list of targets failed first.
   */
  Optional<String> mapRun(String execution) {
    try {
      return client.listMapRuns(r -> r.executionArn(execution)).mapRuns().stream()
          .findFirst()
          .map(MapRunListItem::mapRunArn);
    } catch (AwsServiceException e) {
      throw refused("states:ListMapRuns on " + execution, e);
    } catch (SdkClientException e) {
      throw unreachable("find the map run of " + execution, e, "The execution has ended");
    }
  }

  /** The item counts of the execution's map run, once it has one; empty before. */
  Optional<MapRunItemCounts> progress(String execution) {
    Optional<MapRunListItem> run =
        client.listMapRuns(r -> r.executionArn(execution)).mapRuns().stream().findFirst();
    if (run.isEmpty()) {
      return Optional.empty();
    }
    DescribeMapRunResponse described =
        client.describeMapRun(r -> r.mapRunArn(run.get().mapRunArn()));
    return Optional.ofNullable(described.itemCounts());
  }

  private static MigrationException refused(String action, AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
    if (e.statusCode() == 403 || e.statusCode() == 401 || String.valueOf(code).contains("Access")) {
      return new MigrationException(
          ErrorCode.ACCESS_DENIED,
          "access denied: " + message(e) + "; the caller (or --role-arn) needs " + action,
          e);
    }
    if (e.isThrottlingException()) {
      return new MigrationException(
          ErrorCode.FUNCTION_UNAVAILABLE,
          "the Step Functions API throttled the call (" + action + "): " + message(e),
          e);
    }
    return new MigrationException(
        ErrorCode.FUNCTION_UNAVAILABLE,
        "the Step Functions API refused " + action + ": " + message(e),
        e);
  }

  private static MigrationException unreachable(String what, SdkClientException e, String after) {
    return new MigrationException(
        ErrorCode.SERVICE_UNREACHABLE,
        "could not reach the Step Functions API to "
            + what
            + ": "
            + firstLine(e.getMessage())
            + "; check the network, region and AWS_ENDPOINT_URL_SFN. "
            + after,
        e);
  }

  static String message(AwsServiceException e) {
    return e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
        ? e.awsErrorDetails().errorMessage()
        : firstLine(e.getMessage());
  }

  static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    String line = message.strip().lines().findFirst().orElse("");
    return line.length() <= 240 ? line : line.substring(0, 240) + "...";
  }

  @Override
  public void close() {
    client.close();
  }
}
