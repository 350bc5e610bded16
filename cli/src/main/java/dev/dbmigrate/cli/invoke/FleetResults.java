package dev.dbmigrate.cli.invoke;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Reads what a Distributed Map's ResultWriter left in S3: the manifest ({@code
 * {"DestinationBucket", "MapRunArn", "ResultFiles": {"FAILED", "PENDING", "SUCCEEDED": [{"Key",
 * "Size"}]}}}) and each result file it lists, a JSON array of the child executions ({@code Input},
 * {@code Output} or {@code Error} and {@code Cause}, {@code Status}, ...). Every target becomes one
 * {@link TargetRun}, by name.
 */
final class FleetResults implements AutoCloseable {

  /**
   * The ResultWriter prefix of the fleet state machine's map ({@code FleetMigration.RESULTS_PREFIX}
   * in the cdk module, which this module does not depend on).
   */
  static final String RESULTS_PREFIX = "results";

  private final S3Client client;

  /** With an endpoint override (a local S3), objects are addressed path-style. */
  FleetResults(Region region, URI endpoint, AwsCredentialsProvider credentials) {
    var builder =
        S3Client.builder()
            .region(region)
            .credentialsProvider(credentials)
            .httpClient(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60))
                    .build());
    if (endpoint != null) {
      builder.endpointOverride(endpoint).forcePathStyle(true);
    }
    this.client = builder.build();
  }

  /**
   * Where a map run's manifest is when the execution's output does not name it (the execution
   * failed, so it has no output): {@code results/<map run id>/manifest.json}.
   *
   * <p>What the Step Functions Developer Guide says (ResultWriter (Map), "Exporting to Amazon S3"):
   * with a prefix of {@code csvProcessJobs}, a map run {@code
   * arn:aws:states:us-east-2:<account>:mapRun:csvProcess/Map:ad9b5f27-090b-3ac6-9beb-243cd77144a7}
   * has {@code "Key": "csvProcessJobs/ad9b5f27-090b-3ac6-9beb-243cd77144a7/manifest.json"} in
   * {@code ResultWriterDetails}: the prefix, the part of the map run's ARN after its last colon,
   * {@code manifest.json}. Next to it, {@code SUCCEEDED_n.json}, {@code FAILED_n.json} (failed,
   * timed out and aborted child executions) and {@code PENDING_n.json}, "child workflow executions
   * that weren't started because the Map Run failed or aborted", which implies that a failed map
   * run still writes its results. The guide does not say in so many words that the manifest is
   * there once an execution failed with States.ExceedToleratedFailureThreshold, nor whether it is
   * written before DescribeExecution reports FAILED; that is not verified against the service here
   * (the tests run a local Step Functions), so a missing manifest is reported, not assumed away.
   */
  static String manifestKey(String mapRunArn) {
    String id = mapRunArn.substring(mapRunArn.lastIndexOf(':') + 1);
    return RESULTS_PREFIX + "/" + id + "/manifest.json";
  }

  List<TargetRun> read(String bucket, String manifestKey) {
    Map<String, JsonNode> manifest = object(bucket, manifestKey);
    String destination =
        manifest.containsKey("DestinationBucket")
            ? FunctionReply.text(manifest, "DestinationBucket")
            : bucket;
    JsonNode files = manifest.get("ResultFiles");
    if (files == null || !files.isObject()) {
      throw new MigrationException(
          ErrorCode.FUNCTION_ERROR,
          "s3://" + bucket + "/" + manifestKey + " is not a map run's manifest: no ResultFiles");
    }
    List<TargetRun> runs = new ArrayList<>();
    for (String status : List.of("SUCCEEDED", "FAILED", "PENDING")) {
      JsonNode list = files.asObject().get(status);
      if (list == null || !list.isArray()) {
        continue;
      }
      for (JsonNode file : list.asArray()) {
        String key = FunctionReply.text(file.asObject(), "Key");
        for (JsonNode item : array(destination, key)) {
          runs.add(TargetRun.of(item.asObject()));
        }
      }
    }
    runs.sort(Comparator.comparing(TargetRun::name));
    return runs;
  }

  private Map<String, JsonNode> object(String bucket, String key) {
    JsonNode n = parse(bucket, key);
    if (!n.isObject()) {
      throw notJson(bucket, key, "an object");
    }
    return n.asObject();
  }

  private List<JsonNode> array(String bucket, String key) {
    JsonNode n = parse(bucket, key);
    if (!n.isArray()) {
      throw notJson(bucket, key, "an array");
    }
    return n.asArray();
  }

  private JsonNode parse(String bucket, String key) {
    String text = get(bucket, key);
    try {
      return JsonNode.parser().parse(text);
    } catch (RuntimeException e) {
      throw notJson(bucket, key, "JSON");
    }
  }

  private static MigrationException notJson(String bucket, String key, String what) {
    return new MigrationException(
        ErrorCode.FUNCTION_ERROR,
        "s3://" + bucket + "/" + key + " is not " + what + " as a map run's results are");
  }

  private String get(String bucket, String key) {
    String uri = "s3://" + bucket + "/" + key;
    try {
      return client.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String();
    } catch (NoSuchKeyException e) {
      throw new MigrationException(
          ErrorCode.FUNCTION_ERROR,
          "the execution's results are missing: " + uri + " does not exist",
          e);
    } catch (AwsServiceException e) {
      if (e.statusCode() == 403) {
        throw new MigrationException(
            ErrorCode.ACCESS_DENIED,
            "access to the execution's results "
                + uri
                + " was denied; the caller (or --role-arn) needs s3:GetObject on them",
            e);
      }
      throw new MigrationException(
          ErrorCode.SERVICE_UNREACHABLE,
          "S3 refused to read " + uri + ": " + StepFunctions.message(e),
          e);
    } catch (SdkClientException e) {
      throw new MigrationException(
          ErrorCode.SERVICE_UNREACHABLE,
          "could not reach S3 to read "
              + uri
              + ": "
              + StepFunctions.firstLine(e.getMessage())
              + "; check the network, region and AWS_ENDPOINT_URL_S3",
          e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
