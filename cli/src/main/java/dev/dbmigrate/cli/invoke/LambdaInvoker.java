package dev.dbmigrate.cli.invoke;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/**
 * Invokes the migration function once, synchronously. The client is built for a function that may
 * run 15 minutes: its read timeout exceeds that, and it never retries, because a retried invocation
 * may run the migrations a second time (the AWS CLI's 60-second read timeout and automatic retry do
 * exactly that).
 */
final class LambdaInvoker implements AutoCloseable {

  /** Lambda's own maximum run time plus room for the reply to arrive. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(16);

  private final LambdaClient client;

  LambdaInvoker(Region region, URI endpoint, AwsCredentialsProvider credentials, Duration timeout) {
    var builder =
        LambdaClient.builder()
            .region(region)
            .credentialsProvider(credentials)
            .httpClient(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(timeout)
                    .build())
            .overrideConfiguration(
                c ->
                    c.apiCallTimeout(timeout)
                        .apiCallAttemptTimeout(timeout)
                        .retryStrategy(AwsRetryStrategy.doNotRetry()));
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    this.client = builder.build();
  }

  Invocation invoke(String function, String payload) {
    InvokeResponse response;
    try {
      response =
          client.invoke(
              r ->
                  r.functionName(function)
                      .invocationType(InvocationType.REQUEST_RESPONSE)
                      .logType(LogType.TAIL)
                      .payload(SdkBytes.fromUtf8String(payload)));
    } catch (ResourceNotFoundException e) {
      throw new MigrationException(
          ErrorCode.FUNCTION_UNAVAILABLE,
          "function "
              + function
              + " was not found: "
              + message(e)
              + "; check the name or ARN, the region and the account",
          e);
    } catch (TooManyRequestsException e) {
      throw new MigrationException(
          ErrorCode.FUNCTION_UNAVAILABLE,
          "function "
              + function
              + " was throttled and did not run: "
              + message(e)
              + "; run again later or raise its concurrency",
          e);
    } catch (AwsServiceException e) {
      if (e.statusCode() == 403
          || e.statusCode() == 401
          || String.valueOf(e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode())
              .contains("AccessDenied")) {
        throw new MigrationException(
            ErrorCode.ACCESS_DENIED,
            "access to function "
                + function
                + " was denied: "
                + message(e)
                + "; the caller (or --role-arn) needs lambda:InvokeFunction on it",
            e);
      }
      throw new MigrationException(
          ErrorCode.FUNCTION_UNAVAILABLE,
          "the Lambda API refused the invocation of " + function + ": " + message(e),
          e);
    } catch (SdkClientException e) {
      throw new MigrationException(
          ErrorCode.SERVICE_UNREACHABLE,
          "could not reach the Lambda API to invoke "
              + function
              + ": "
              + e.getMessage()
              + "; check the network, region and endpoint. If the request was sent, the function"
              + " may still be running: check its logs before invoking again",
          e);
    }
    String log =
        response.logResult() == null
            ? ""
            : new String(Base64.getDecoder().decode(response.logResult()), StandardCharsets.UTF_8);
    return new Invocation(
        response.functionError(),
        response.payload() == null ? "" : response.payload().asUtf8String(),
        log,
        response.executedVersion());
  }

  private static String message(AwsServiceException e) {
    return e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
        ? e.awsErrorDetails().errorMessage()
        : e.getMessage();
  }

  @Override
  public void close() {
    client.close();
  }
}
