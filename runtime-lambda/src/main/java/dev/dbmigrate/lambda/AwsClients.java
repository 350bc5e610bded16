package dev.dbmigrate.lambda;

import dev.dbmigrate.aws.SecretsManagerCredentials;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The SDK clients a fleet needs besides the configured secret's: Secrets Manager for the targets'
 * secrets (and listing them), S3 for the list of targets. Each is made on first use and kept for
 * the container; one given by a test is used as it is and left to the test to close.
 */
final class AwsClients implements AutoCloseable {

  private final String region;
  private final Supplier<SecretsManagerClient> givenSecrets;
  private final Supplier<S3Client> givenS3;
  private SecretsManagerClient secrets;
  private S3Client s3;
  private boolean ownsSecrets;
  private boolean ownsS3;

  /**
   * @param region the region of the secrets (DBMIGRATE_REGION), or null for the function's own
   * @param secrets a client to use, or null to make one
   * @param s3 a client to use, or null to make one
   */
  AwsClients(String region, Supplier<SecretsManagerClient> secrets, Supplier<S3Client> s3) {
    this.region = region;
    this.givenSecrets = secrets;
    this.givenS3 = s3;
  }

  synchronized SecretsManagerClient secrets() {
    if (secrets == null) {
      ownsSecrets = givenSecrets == null;
      secrets =
          givenSecrets == null
              ? SecretsManagerCredentials.client(region, null)
              : givenSecrets.get();
    }
    return secrets;
  }

  synchronized S3Client s3() {
    if (s3 == null) {
      ownsS3 = givenS3 == null;
      s3 =
          givenS3 == null
              ? S3Client.builder()
                  .httpClientBuilder(
                      UrlConnectionHttpClient.builder()
                          .connectionTimeout(Duration.ofSeconds(5))
                          .socketTimeout(Duration.ofSeconds(30)))
                  .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(60)))
                  .build()
              : givenS3.get();
    }
    return s3;
  }

  @Override
  public synchronized void close() {
    if (ownsSecrets && secrets != null) {
      secrets.close();
    }
    if (ownsS3 && s3 != null) {
      s3.close();
    }
  }
}
