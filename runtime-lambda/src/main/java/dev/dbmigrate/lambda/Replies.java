package dev.dbmigrate.lambda;

import dev.dbmigrate.engine.AppliedMigration;
import dev.dbmigrate.engine.DryRunResult;
import dev.dbmigrate.engine.ExecutedMigration;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigrationStatus;
import dev.dbmigrate.engine.PlannedMigration;
import dev.dbmigrate.engine.PlannedStatement;
import dev.dbmigrate.engine.RunResult;
import dev.dbmigrate.engine.StatusResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * The replies, in the shape of the CLI's --json output. A success is a map of strings, numbers,
 * booleans, lists and maps that the Lambda runtime serializes; a failure is JSON text, since it
 * travels as an exception's message. The SDK's JSON writer does the escaping.
 */
final class Replies {

  private Replies() {}

  /** {@code {command, success, batch, executed: [{name, direction, millis}], pending: [names]}} */
  static Map<String, Object> run(String command, RunResult result) {
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("command", command);
    reply.put("success", true);
    reply.put("batch", result.batch());
    reply.put("executed", executed(result.executed()));
    reply.put("pending", List.copyOf(result.pending()));
    if (result.stoppedAtBaseline() != null) {
      reply.put("stoppedAtBaseline", result.stoppedAtBaseline());
    }
    return reply;
  }

  /**
   * {@code {command, success, dryRun: true, batch, setup: [sql], migrations: [{name, direction,
   * transactional, readsData, stoppedBy, statements: [sql]}], pending}}: what the command would
   * send, with nothing changed.
   */
  static Map<String, Object> dryRun(String command, DryRunResult result) {
    List<Object> migrations = new ArrayList<>();
    for (PlannedMigration m : result.migrations()) {
      Map<String, Object> planned = new LinkedHashMap<>();
      planned.put("name", m.name());
      planned.put("direction", m.direction().name().toLowerCase(Locale.ROOT));
      planned.put("transactional", m.transactional());
      planned.put("readsData", m.readsData());
      planned.put("stoppedBy", m.stoppedBy());
      planned.put("statements", m.statements().stream().map(PlannedStatement::sql).toList());
      migrations.add(planned);
    }
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("command", command);
    reply.put("success", true);
    reply.put("dryRun", true);
    reply.put("batch", result.batch());
    reply.put("setup", List.copyOf(result.setup()));
    reply.put("migrations", migrations);
    reply.put("pending", List.copyOf(result.pending()));
    return reply;
  }

  /**
   * {@code {command, success, upToDate, migrations: [{name, state, batch, appliedAt,
   * historyStatus}], pending}}; batch, appliedAt and historyStatus (applied, adopted, baseline...)
   * are null for a migration that was never applied.
   */
  static Map<String, Object> status(StatusResult status) {
    List<Object> migrations = new ArrayList<>();
    for (MigrationStatus s : status.migrations()) {
      AppliedMigration a = s.applied();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", s.name());
      m.put("state", s.state().name().toLowerCase(Locale.ROOT));
      m.put("batch", a == null ? null : a.batch());
      m.put("appliedAt", a == null || a.appliedAt() == null ? null : a.appliedAt().toString());
      m.put("historyStatus", a == null ? null : a.status().dbValue());
      migrations.add(m);
    }
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("command", "status");
    reply.put("success", true);
    reply.put("upToDate", status.upToDate());
    reply.put("migrations", migrations);
    reply.put("pending", status.pending().stream().map(MigrationStatus::name).toList());
    return reply;
  }

  /**
   * {@code {command, success: false, code, migration, message, executed}} as JSON text; {@code
   * executed} lists what this invocation ran before the failure.
   */
  static String failure(String command, MigrationException e, List<ExecutedMigration> executed) {
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("command", command);
    reply.put("success", false);
    reply.put("code", e.code().name());
    reply.put("migration", e.migration());
    reply.put("message", e.getMessage());
    reply.put("executed", executed(executed));
    return json(reply);
  }

  /** One line for the log: what a reply says, without the lists. */
  static String summary(Map<String, Object> reply) {
    if ("status".equals(reply.get("command"))) {
      int n = ((List<?>) reply.get("migrations")).size();
      return n
          + (n == 1 ? " migration, " : " migrations, ")
          + ((List<?>) reply.get("pending")).size()
          + " pending"
          + (Boolean.TRUE.equals(reply.get("upToDate")) ? ", up to date" : "");
    }
    if (Boolean.TRUE.equals(reply.get("dryRun"))) {
      int n = ((List<?>) reply.get("migrations")).size();
      return "dry run, nothing changed: would run " + n + (n == 1 ? " migration" : " migrations");
    }
    int ran = ((List<?>) reply.get("executed")).size();
    return (ran == 0 ? "nothing to do" : "batch " + reply.get("batch") + ", ran " + ran)
        + ", "
        + ((List<?>) reply.get("pending")).size()
        + " pending";
  }

  private static List<Object> executed(List<ExecutedMigration> list) {
    List<Object> out = new ArrayList<>(list.size());
    for (ExecutedMigration e : list) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", e.name());
      m.put("direction", e.direction().name().toLowerCase(Locale.ROOT));
      m.put("millis", e.millis());
      out.add(m);
    }
    return out;
  }

  static String json(Object value) {
    JsonWriter writer = JsonWriter.create();
    write(writer, value);
    return new String(writer.getBytes(), StandardCharsets.UTF_8);
  }

  private static void write(JsonWriter w, Object value) {
    if (value == null) {
      w.writeNull();
    } else if (value instanceof String s) {
      w.writeValue(s);
    } else if (value instanceof Boolean b) {
      w.writeValue(b);
    } else if (value instanceof Integer i) {
      w.writeValue(i);
    } else if (value instanceof Long l) {
      w.writeValue(l);
    } else if (value instanceof Map<?, ?> map) {
      w.writeStartObject();
      map.forEach(
          (k, v) -> {
            w.writeFieldName(String.valueOf(k));
            write(w, v);
          });
      w.writeEndObject();
    } else if (value instanceof Iterable<?> list) {
      w.writeStartArray();
      list.forEach(item -> write(w, item));
      w.writeEndArray();
    } else {
      w.writeValue(String.valueOf(value));
    }
  }
}
