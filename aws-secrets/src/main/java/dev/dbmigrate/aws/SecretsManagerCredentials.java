package dev.dbmigrate.aws;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.time.Duration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.DecryptionFailureException;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The database credentials in one Secrets Manager secret, read once and then kept. When the
 * database refuses them, the secret was probably rotated: {@link #refresh()} reads it again.
 *
 * <p>Every failure is a {@link MigrationException} with {@link ErrorCode#CONFIGURATION} that names
 * the secret and what to fix; none contains the secret's value.
 */
public final class SecretsManagerCredentials implements AutoCloseable {

  private final SecretsManagerClient client;
  private final String secretId;
  private final boolean ownsClient;
  private DatabaseSecret current;

  /** Uses {@code client} and leaves closing it to the caller. */
  public SecretsManagerCredentials(SecretsManagerClient client, String secretId) {
    this(client, secretId, false);
  }

  private SecretsManagerCredentials(SecretsManagerClient client, String secretId, boolean owns) {
    if (secretId == null || secretId.isBlank()) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "the secret id is empty; give the"
              + " name or ARN of the Secrets Manager secret that holds the database credentials");
    }
    this.client = client;
    this.secretId = secretId.strip();
    this.ownsClient = owns;
  }

  /**
   * The one call for a command line's {@code --secret-id}: a client of its own (see {@link
   * #client(String, String)}), closed by {@link #close()}.
   */
  public static SecretsManagerCredentials create(String secretId, String regionOrNull) {
    return new SecretsManagerCredentials(client(regionOrNull, secretId), secretId, true);
  }

  /**
   * A Secrets Manager client on the small URL-connection HTTP client. The region is {@code
   * regionOrNull}, else the one in {@code secretIdOrNull} when that is an ARN, else the SDK's
   * default (AWS_REGION, the profile). Credentials come from the SDK's default chain. The endpoint
   * follows the SDK's standard settings, so AWS_ENDPOINT_URL_SECRETS_MANAGER (or the system
   * property aws.endpointUrlSecretsManager) points it at a local endpoint for tests.
   */
  public static SecretsManagerClient client(String regionOrNull, String secretIdOrNull) {
    SecretsManagerClientBuilder builder =
        SecretsManagerClient.builder()
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(20)))
            .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(60)));
    String region = regionOrNull != null ? regionOrNull : regionOfArn(secretIdOrNull);
    if (region != null) {
      builder.region(Region.of(region));
    }
    try {
      return builder.build();
    } catch (SdkException e) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          String.valueOf(e.getMessage()).contains("region")
              ? "no AWS region for the secret: give the region (--region, DBMIGRATE_REGION or"
                  + " AWS_REGION) or the secret's full ARN"
              : "could not set up the Secrets Manager client: " + SdkMessages.brief(e),
          e);
    }
  }

  /** The region in {@code arn:aws:secretsmanager:<region>:<account>:secret:<name>}, or null. */
  static String regionOfArn(String secretId) {
    if (secretId == null || !secretId.startsWith("arn:")) {
      return null;
    }
    String[] parts = secretId.split(":", 6);
    return parts.length == 6 && !parts[3].isEmpty() ? parts[3] : null;
  }

  public String secretId() {
    return secretId;
  }

  /** The credentials, read on the first call and kept after. */
  public synchronized DatabaseSecret get() {
    if (current == null) {
      current = read();
    }
    return current;
  }

  /** Reads the secret again, e.g. after the database refused the kept password. */
  public synchronized DatabaseSecret refresh() {
    current = read();
    return current;
  }

  private DatabaseSecret read() {
    GetSecretValueResponse response;
    try {
      response = client.getSecretValue(r -> r.secretId(secretId));
    } catch (ResourceNotFoundException e) {
      throw failure(
          "was not found" + where() + "; check the secret's name or ARN and the region", e);
    } catch (DecryptionFailureException e) {
      throw failure(
          "could not be decrypted: the function's role may not use the secret's KMS key"
              + " (kms:Decrypt)",
          e);
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      if ("AccessDeniedException".equals(code) || e.statusCode() == 403) {
        throw failure(
            "may not be read: access denied; allow secretsmanager:GetSecretValue on it"
                + " for this role",
            e);
      }
      throw failure("could not be read: " + SdkMessages.service(e), e);
    } catch (SdkException e) {
      throw failure("could not be read: " + SdkMessages.client(e), e);
    }
    if (response.secretString() == null) {
      throw failure(
          "has no text value (SecretString); dbmigrate reads JSON text secrets, not"
              + " binary ones",
          null);
    }
    return DatabaseSecret.parse(secretId, response.secretString());
  }

  private String where() {
    return client.serviceClientConfiguration().region() == null
        ? ""
        : " in region " + client.serviceClientConfiguration().region();
  }

  private MigrationException failure(String problem, Throwable cause) {
    return new MigrationException(
        ErrorCode.CONFIGURATION, "secret '" + secretId + "' " + problem, cause);
  }

  /** Closes the client when this object created it. */
  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }
}
