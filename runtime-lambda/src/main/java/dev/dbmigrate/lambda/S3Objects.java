package dev.dbmigrate.lambda;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The two S3 calls of {@code fleet-targets}, each failure a {@link MigrationException} that names
 * the object and what to fix: a missing object is a configuration error, a refused one {@link
 * ErrorCode#ACCESS_DENIED}, an unreachable S3 {@link ErrorCode#SERVICE_UNREACHABLE}.
 */
final class S3Objects {

  /** {@code s3://bucket/key}, split. */
  record Location(String bucket, String key) {}

  private final Supplier<S3Client> client;

  S3Objects(Supplier<S3Client> client) {
    this.client = client;
  }

  static Location location(String uri) {
    String rest = uri.startsWith("s3://") ? uri.substring("s3://".length()) : "";
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "'"
              + uri
              + "' is not an S3 object; write s3://<bucket>/<key>, e.g. s3://lists/fleet.txt");
    }
    return new Location(rest.substring(0, slash), rest.substring(slash + 1));
  }

  /** The object's text (UTF-8). */
  String get(String uri) {
    Location at = location(uri);
    try {
      return client.get().getObjectAsBytes(r -> r.bucket(at.bucket()).key(at.key())).asUtf8String();
    } catch (NoSuchKeyException | NoSuchBucketException e) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          uri + " does not exist (" + brief(e) + "); check the fleet's source, bucket and key",
          e);
    } catch (AwsServiceException e) {
      throw refused("read", uri, "s3:GetObject", e);
    } catch (SdkException e) {
      throw unreachable("read", uri, e);
    }
  }

  void put(String bucket, String key, String json) {
    String uri = "s3://" + bucket + "/" + key;
    try {
      client
          .get()
          .putObject(
              r -> r.bucket(bucket).key(key).contentType("application/json"),
              RequestBody.fromString(json));
    } catch (AwsServiceException e) {
      throw refused("write", uri, "s3:PutObject", e);
    } catch (SdkException e) {
      throw unreachable("write", uri, e);
    }
  }

  private static MigrationException refused(
      String verb, String uri, String action, AwsServiceException e) {
    if (e.statusCode() == 403) {
      return new MigrationException(
          ErrorCode.ACCESS_DENIED,
          "may not "
              + verb
              + " "
              + uri
              + ": access denied; allow "
              + action
              + " on it for the function's role",
          e);
    }
    return new MigrationException(
        ErrorCode.SERVICE_UNREACHABLE, "S3 refused to " + verb + " " + uri + ": " + brief(e), e);
  }

  private static MigrationException unreachable(String verb, String uri, SdkException e) {
    return new MigrationException(
        ErrorCode.SERVICE_UNREACHABLE,
        "could not "
            + verb
            + " "
            + uri
            + ": "
            + brief(e)
            + "; check the network path to S3 (in a VPC: its gateway endpoint)",
        e);
  }

  /** The service's error code and message, or the first line of the SDK's. */
  static String brief(SdkException e) {
    if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
      return s.awsErrorDetails().errorCode()
          + (s.awsErrorDetails().errorMessage() == null
              ? ""
              : ": " + s.awsErrorDetails().errorMessage());
    }
    String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() <= 200 ? line : line.substring(0, 200) + "...";
  }
}
