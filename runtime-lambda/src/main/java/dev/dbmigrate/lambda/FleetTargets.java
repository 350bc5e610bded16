package dev.dbmigrate.lambda;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.json.JsonText;
import dev.dbmigrate.engine.settings.FleetLines;
import dev.dbmigrate.engine.settings.SettingsTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsRequest;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;

/**
 * {@code {"command": "fleet-targets", "source": "s3://bucket/key" | "secrets:<prefix>",
 * "itemsBucket": "...", "itemsKey": "..."}}: reads a fleet's list of targets, checks all of it, and
 * writes it as one JSON array of {@link FleetItem}s to {@code s3://itemsBucket/itemsKey}, where the
 * state machine's Distributed Map reads it. A bad list fails with {@link ErrorCode#INVALID_TARGETS}
 * naming its line (or secret) before any target is touched.
 */
final class FleetTargets {

  static final String COMMAND = "fleet-targets";

  private static final String S3 = "s3://";
  private static final String SECRETS = "secrets:";

  private final S3Objects objects;
  private final Supplier<SecretsManagerClient> secrets;

  FleetTargets(S3Objects objects, Supplier<SecretsManagerClient> secrets) {
    this.objects = objects;
    this.secrets = secrets;
  }

  /** What the event asks for, checked. */
  record Request(String source, String bucket, String key) {

    static Request of(Map<String, Object> event) {
      String source = text(event, "source");
      if (source == null || !(source.startsWith(S3) || source.startsWith(SECRETS))) {
        throw invalid(
            "fleet-targets needs \"source\": \"s3://<bucket>/<key>\" (a fleet file) or"
                + " \"secrets:<prefix>\" (every secret whose name starts with the prefix)"
                + (source == null ? "" : ", not '" + source + "'"));
      }
      if (source.startsWith(S3)) {
        S3Objects.location(source);
      } else if (source.length() == SECRETS.length()) {
        throw invalid("the source 'secrets:' names no prefix; write secrets:<prefix>");
      }
      String bucket = text(event, "itemsBucket");
      String key = text(event, "itemsKey");
      if (bucket == null || key == null) {
        throw invalid(
            "fleet-targets needs \"itemsBucket\" and \"itemsKey\": where to write the list for the"
                + " state machine");
      }
      return new Request(source, bucket, key);
    }

    private static String text(Map<String, Object> event, String field) {
      Object v = event.get(field);
      if (v != null && !(v instanceof String)) {
        throw invalid("the event's \"" + field + "\" must be a string");
      }
      return v == null || ((String) v).isBlank() ? null : ((String) v).strip();
    }
  }

  Map<String, Object> run(Map<String, Object> event, InvocationLog log) {
    Request request = Request.of(event);
    log.line("start fleet-targets from " + request.source());
    List<FleetItem> items =
        request.source().startsWith(S3)
            ? fromFleetFile(request.source())
            : fromSecrets(request.source().substring(SECRETS.length()));
    List<Object> array = new ArrayList<>();
    items.forEach(i -> array.add(i.toJson()));
    objects.put(request.bucket(), request.key(), JsonText.write(array));
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("success", true);
    reply.put("command", COMMAND);
    reply.put("bucket", request.bucket());
    reply.put("key", request.key());
    reply.put("count", items.size());
    log.line(
        "done: "
            + items.size()
            + (items.size() == 1 ? " target" : " targets")
            + " written to s3://"
            + request.bucket()
            + "/"
            + request.key());
    return reply;
  }

  /**
   * A fleet file in S3. A line may name its target, its URL or secret and its schema; the settings
   * a command line's fleet file may add on a line are the function's own here (its environment).
   */
  private List<FleetItem> fromFleetFile(String source) {
    List<FleetItem> items = new ArrayList<>();
    for (FleetLines.Line line : FleetLines.parse(source, objects.get(source).lines().toList())) {
      for (String key : line.settings().keySet()) {
        if (!key.equals(SettingsTable.URL.key())
            && !key.equals(SettingsTable.SECRET_ID.key())
            && !key.equals(SettingsTable.TENANT_SCHEMA.key())) {
          throw line.bad(
              "'" + key + "' on a target line applies to the command line's fleet only",
              "set it for every target in the function's environment ("
                  + SettingsTable.byKey(dev.dbmigrate.engine.settings.Setting.Scope.CLI, key)
                      .variable()
                  + ") or remove it");
        }
      }
      Map<String, String> s = line.settings();
      items.add(
          new FleetItem(
              line.name(),
              s.get(SettingsTable.SECRET_ID.key()),
              s.get(SettingsTable.URL.key()),
              s.get(SettingsTable.TENANT_SCHEMA.key())));
    }
    return items;
  }

  /** Every secret whose name starts with {@code prefix}, named by the rest of its name. */
  private List<FleetItem> fromSecrets(String prefix) {
    SecretsManagerClient client = secrets.get();
    List<String> names = new ArrayList<>();
    try {
      for (ListSecretsResponse page :
          client.listSecretsPaginator(
              ListSecretsRequest.builder()
                  .filters(Filter.builder().key(FilterNameStringType.NAME).values(prefix).build())
                  .build())) {
        for (SecretListEntry s : page.secretList()) {
          if (s.name() != null && s.name().startsWith(prefix)) {
            names.add(s.name());
          }
        }
      }
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      if ("AccessDeniedException".equals(code) || e.statusCode() == 403) {
        throw new MigrationException(
            ErrorCode.ACCESS_DENIED,
            "the secrets starting with '"
                + prefix
                + "' may not be listed: access denied; allow secretsmanager:ListSecrets for the"
                + " function's role",
            e);
      }
      throw new MigrationException(
          ErrorCode.SERVICE_UNREACHABLE,
          "Secrets Manager refused to list the secrets starting with '"
              + prefix
              + "': "
              + S3Objects.brief(e),
          e);
    } catch (SdkException e) {
      throw new MigrationException(
          ErrorCode.SERVICE_UNREACHABLE,
          "could not list the secrets starting with '"
              + prefix
              + "': "
              + S3Objects.brief(e)
              + "; check the network path to Secrets Manager (in a VPC: its endpoint)",
          e);
    }
    names.sort(null);
    if (names.isEmpty()) {
      throw new MigrationException(
          ErrorCode.INVALID_TARGETS,
          "secrets:"
              + prefix
              + " lists no targets: no secret's name starts with '"
              + prefix
              + "'; check the prefix and the region");
    }
    List<FleetItem> items = new ArrayList<>();
    for (String name : names) {
      String target = name.substring(prefix.length());
      String problem =
          target.isEmpty() ? "'' is not a target name" : FleetLines.nameProblem(target);
      if (problem != null) {
        throw new MigrationException(
            ErrorCode.INVALID_TARGETS,
            "secrets:"
                + prefix
                + ": secret '"
                + name
                + "': "
                + problem
                + "; the target's name is what follows the prefix, so rename the secret or"
                + " choose a longer prefix");
      }
      items.add(new FleetItem(target, name, null, null));
    }
    return items;
  }

  private static MigrationException invalid(String message) {
    return new MigrationException(ErrorCode.CONFIGURATION, message);
  }
}
