package dev.dbmigrate.cli.invoke;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Region, endpoints and credentials for invoke, read from the command's environment (not the SDK's
 * global view of it), so the same rules hold in the pipeline and in tests. With a role ARN,
 * credentials come from STS and live only in memory.
 */
final class AwsSetup implements AutoCloseable {

  private final Region region;
  private final URI lambdaEndpoint;
  private final AwsCredentialsProvider base;
  private final AwsCredentialsProvider credentials;
  private final StsClient sts;
  private final String roleArn;

  private final Map<String, String> env;

  /**
   * @param resource the function's name or ARN, or the state machine's ARN: an ARN gives the region
   */
  AwsSetup(Map<String, String> env, String resource, String explicitRegion, String roleArn) {
    this.env = env;
    this.region = InvokeCommand.regionOf(explicitRegion, resource, env);
    this.lambdaEndpoint =
        InvokeCommand.uri(env.getOrDefault("AWS_ENDPOINT_URL_LAMBDA", env.get("AWS_ENDPOINT_URL")));
    this.base = baseCredentials(env);
    this.roleArn = roleArn;
    if (roleArn == null) {
      this.sts = null;
      this.credentials = base;
    } else {
      var builder =
          StsClient.builder()
              .region(region)
              .credentialsProvider(base)
              .httpClient(UrlConnectionHttpClient.create());
      URI stsEndpoint =
          InvokeCommand.uri(env.getOrDefault("AWS_ENDPOINT_URL_STS", env.get("AWS_ENDPOINT_URL")));
      if (stsEndpoint != null) {
        builder.endpointOverride(stsEndpoint);
      }
      this.sts = builder.build();
      this.credentials =
          StsAssumeRoleCredentialsProvider.builder()
              .stsClient(sts)
              .refreshRequest(r -> r.roleArn(roleArn).roleSessionName("dbmigrate-invoke"))
              .build();
    }
  }

  private static AwsCredentialsProvider baseCredentials(Map<String, String> env) {
    String key = env.get("AWS_ACCESS_KEY_ID");
    String secret = env.get("AWS_SECRET_ACCESS_KEY");
    if (key != null && secret != null) {
      String token = env.get("AWS_SESSION_TOKEN");
      return StaticCredentialsProvider.create(
          token == null
              ? AwsBasicCredentials.create(key, secret)
              : AwsSessionCredentials.create(key, secret, token));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  /**
   * Gets the credentials before anything is invoked. Resolved lazily inside the invocation, a
   * missing credential or a refused or unreachable STS would read as a Lambda failure (access
   * denied on lambda:InvokeFunction, the Lambda API unreachable); here each is named for what it
   * is.
   */
  void resolveCredentials() {
    try {
      base.resolveCredentials();
    } catch (SdkClientException e) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "no AWS credentials were found (environment, profile, container or instance role): "
              + firstLine(e.getMessage())
              + "; set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
          e);
    }
    if (roleArn == null) {
      return;
    }
    try {
      credentials.resolveCredentials();
    } catch (AwsServiceException e) {
      String detail =
          e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
              ? e.awsErrorDetails().errorMessage()
              : firstLine(e.getMessage());
      throw new MigrationException(
          ErrorCode.ACCESS_DENIED,
          "could not assume role "
              + roleArn
              + ": "
              + detail
              + "; the caller needs sts:AssumeRole on that role, and the role's trust policy"
              + " must allow the caller",
          e);
    } catch (SdkClientException e) {
      throw new MigrationException(
          ErrorCode.SERVICE_UNREACHABLE,
          "could not reach AWS STS to assume role "
              + roleArn
              + ": "
              + firstLine(e.getMessage())
              + "; check the network, the region and AWS_ENDPOINT_URL_STS. Nothing was invoked",
          e);
    }
  }

  /** The SDK's messages run to many lines and a list of every provider it tried. */
  private static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    String line = message.strip().lines().findFirst().orElse("");
    return line.length() <= 240 ? line : line.substring(0, 240) + "...";
  }

  Region region() {
    return region;
  }

  URI lambdaEndpoint() {
    return lambdaEndpoint;
  }

  /**
   * The endpoint override for one service, from {@code AWS_ENDPOINT_URL_<SERVICE>} (e.g. {@code
   * SFN}, {@code S3}) or {@code AWS_ENDPOINT_URL}; null for the service's own.
   */
  URI endpoint(String service) {
    return InvokeCommand.uri(
        env.getOrDefault("AWS_ENDPOINT_URL_" + service, env.get("AWS_ENDPOINT_URL")));
  }

  AwsCredentialsProvider credentials() {
    return credentials;
  }

  @Override
  public void close() {
    if (credentials instanceof StsAssumeRoleCredentialsProvider p) {
      p.close();
    }
    if (sts != null) {
      sts.close();
    }
  }
}
