package dev.dbmigrate.lambda;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.settings.FleetLines;
import dev.dbmigrate.engine.settings.JdbcUrl;
import dev.dbmigrate.engine.settings.SettingsTable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One target of a fleet as the state machine hands it to the function, and as {@code fleet-targets}
 * writes it: {@code {"name": "t1", "secretId": "..." | "url": "jdbc:...", "schema": "tenant_a"}},
 * the schema optional.
 *
 * @param secretId the target's secret; null when it gives {@code url}
 * @param url the target's JDBC URL; null when it gives {@code secretId}
 * @param schema the tenant schema, or null
 */
record FleetItem(String name, String secretId, String url, String schema) {

  /**
   * The event's {@code target}: a JSON object, checked field by field. The handler starts a
   * failure's message with the target's name, so the messages here do not repeat it.
   */
  static FleetItem of(Object target) {
    if (!(target instanceof Map<?, ?> fields)) {
      throw invalid(
          "the event's \"target\" must be an object, e.g. {\"name\": \"t1\", \"secretId\":"
              + " \"app/t1\", \"schema\": \"tenant_a\"}");
    }
    for (Object key : fields.keySet()) {
      if (!"name".equals(key)
          && !"secretId".equals(key)
          && !"url".equals(key)
          && !"schema".equals(key)) {
        throw invalid(
            "the event's target has an unknown field \""
                + key
                + "\"; a target has \"name\", \"secretId\" or \"url\", and \"schema\"");
      }
    }
    String name = text(fields, "name");
    if (name == null) {
      throw invalid("the event's target has no \"name\"; give every target one");
    }
    String problem = FleetLines.nameProblem(name);
    if (problem != null) {
      throw invalid("the event's target: " + problem);
    }
    String secretId = text(fields, "secretId");
    String url = text(fields, "url");
    if ((secretId == null) == (url == null)) {
      throw invalid(
          "the target gives "
              + (secretId == null ? "neither" : "both")
              + " \"secretId\" and \"url\"; give exactly one");
    }
    if (url != null) {
      try {
        SettingsTable.URL.parse(url, "the target's url");
      } catch (MigrationException e) {
        throw invalid(e.getMessage());
      }
    }
    String schema = text(fields, "schema");
    if (schema != null) {
      try {
        SettingsTable.TENANT_SCHEMA.parse(schema, "the target's schema");
      } catch (MigrationException e) {
        throw invalid(e.getMessage());
      }
    }
    return new FleetItem(name, secretId, url, schema);
  }

  /** The item as {@code fleet-targets} writes it and the event carries it. */
  Map<String, Object> toJson() {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("name", name);
    if (secretId != null) {
      o.put("secretId", secretId);
    } else {
      o.put("url", url);
    }
    if (schema != null) {
      o.put("schema", schema);
    }
    return o;
  }

  /** For log lines: the name and where it is, never a password. */
  String describe() {
    return name
        + " ("
        + (secretId != null ? "secret " + secretId : JdbcUrl.mask(url))
        + (schema != null ? ", schema " + schema : "")
        + ")";
  }

  /** The target's name in an event, for a failure's message; null when it names none. */
  static String nameOf(Map<String, Object> event) {
    Object target = event == null ? null : event.get("target");
    return target instanceof Map<?, ?> m && m.get("name") instanceof String s && !s.isBlank()
        ? s.strip()
        : null;
  }

  private static String text(Map<?, ?> fields, String field) {
    Object v = fields.get(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw invalid("the event's target field \"" + field + "\" must be a string");
    }
    return s.isBlank() ? null : s.strip();
  }

  private static MigrationException invalid(String message) {
    return new MigrationException(ErrorCode.CONFIGURATION, message);
  }
}
