package dev.dbmigrate.cli.invoke;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
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
  private final AwsCredentialsProvider credentials;
  private final StsClient sts;

  AwsSetup(Map<String, String> env, String function, String explicitRegion, String roleArn) {
    this.region = InvokeCommand.regionOf(explicitRegion, function, env);
    this.lambdaEndpoint =
        InvokeCommand.uri(env.getOrDefault("AWS_ENDPOINT_URL_LAMBDA", env.get("AWS_ENDPOINT_URL")));
    AwsCredentialsProvider base = baseCredentials(env);
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

  Region region() {
    return region;
  }

  URI lambdaEndpoint() {
    return lambdaEndpoint;
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
