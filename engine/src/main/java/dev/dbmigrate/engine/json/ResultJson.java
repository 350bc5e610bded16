package dev.dbmigrate.engine.json;

import dev.dbmigrate.engine.AppliedMigration;
import dev.dbmigrate.engine.DriftResult;
import dev.dbmigrate.engine.DryRunResult;
import dev.dbmigrate.engine.ExecutedMigration;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigrationStatus;
import dev.dbmigrate.engine.PlannedMigration;
import dev.dbmigrate.engine.PlannedStatement;
import dev.dbmigrate.engine.RunResult;
import dev.dbmigrate.engine.StatusResult;
import dev.dbmigrate.engine.TestResult;
import dev.dbmigrate.engine.schema.Difference;
import dev.dbmigrate.engine.schema.SchemaDiff;
import dev.dbmigrate.engine.settings.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one JSON shape of the engine's results, for the CLI's {@code --json} and the Lambda
 * function's replies alike: maps of strings, numbers, booleans, lists and maps, in a fixed field
 * order. Each front end only adds what is its own (the CLI's exit code) and writes it out.
 */
public final class ResultJson {

  private ResultJson() {}

  /**
   * {@code {command, success, target, batch, executed: [{name, direction, millis}], pending}}, plus
   * {@code stoppedAtBaseline} for a revert that stopped at a baseline row.
   */
  public static Map<String, Object> run(String command, Target target, RunResult result) {
    Map<String, Object> reply = head(command, true, target);
    reply.put("batch", result.batch());
    reply.put("executed", executed(result.executed()));
    reply.put("pending", List.copyOf(result.pending()));
    if (result.stoppedAtBaseline() != null) {
      reply.put("stoppedAtBaseline", result.stoppedAtBaseline());
    }
    return reply;
  }

  /**
   * {@code {command, success, target, dryRun: true, offline, batch, setup: [sql], migrations:
   * [{name, direction, origin, transactional, readsData, stoppedBy, statements: [{kind, sql}]}],
   * pending}}
   */
  public static Map<String, Object> dryRun(String command, Target target, DryRunResult result) {
    Map<String, Object> reply = head(command, true, target);
    reply.put("dryRun", true);
    reply.put("offline", result.offline());
    reply.put("batch", result.batch());
    reply.put("setup", List.copyOf(result.setup()));
    List<Object> migrations = new ArrayList<>();
    for (PlannedMigration m : result.migrations()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("name", m.name());
      o.put("direction", lower(m.direction()));
      o.put("origin", m.origin());
      o.put("transactional", m.transactional());
      o.put("readsData", m.readsData());
      o.put("stoppedBy", m.stoppedBy());
      List<Object> statements = new ArrayList<>();
      for (PlannedStatement s : m.statements()) {
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("kind", lower(s.kind()));
        st.put("sql", s.sql());
        statements.add(st);
      }
      o.put("statements", statements);
      migrations.add(o);
    }
    reply.put("migrations", migrations);
    reply.put("pending", List.copyOf(result.pending()));
    return reply;
  }

  /**
   * {@code {command: "status", success, target, upToDate, migrations: [{name, state, batch,
   * appliedAt, millis, appliedBy, historyStatus, recordedChecksum, currentChecksum, outOfOrder}],
   * pending}}; the applied fields are null for a migration that never ran; historyStatus is the
   * history row's status (applied, adopted, baseline, ...).
   */
  public static Map<String, Object> status(Target target, StatusResult status) {
    Map<String, Object> reply = head("status", true, target);
    reply.put("upToDate", status.upToDate());
    List<Object> list = new ArrayList<>();
    for (MigrationStatus s : status.migrations()) {
      AppliedMigration a = s.applied();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", s.name());
      m.put("state", lower(s.state()));
      m.put("batch", a == null ? null : a.batch());
      m.put("appliedAt", a == null || a.appliedAt() == null ? null : a.appliedAt().toString());
      m.put("millis", a == null ? null : a.executionMillis());
      m.put("appliedBy", a == null ? null : a.appliedBy());
      m.put("historyStatus", a == null ? null : a.status().dbValue());
      m.put("recordedChecksum", a == null ? null : a.checksum());
      m.put("currentChecksum", s.currentChecksum());
      m.put("outOfOrder", s.outOfOrder());
      list.add(m);
    }
    reply.put("migrations", list);
    reply.put("pending", status.pending().stream().map(MigrationStatus::name).toList());
    return reply;
  }

  /**
   * {@code {command: "test", success, target, scratchDatabase, from, tested: [name], notReversible:
   * [name], failure: {migration, step, message, differences}}}; failure is null when every
   * migration passed; differences as in {@link #drift}.
   */
  public static Map<String, Object> test(Target target, TestResult result) {
    Map<String, Object> reply = head("test", result.passed(), target);
    reply.put("scratchDatabase", result.scratchDatabase());
    reply.put("from", result.from());
    reply.put("tested", result.tested());
    reply.put("notReversible", result.notReversible());
    TestResult.Failure f = result.failure();
    Map<String, Object> failure = null;
    if (f != null) {
      failure = new LinkedHashMap<>();
      failure.put("migration", f.migration());
      failure.put("step", lower(f.step()));
      failure.put("message", f.message());
      failure.put("differences", differences(f.diff()));
    }
    reply.put("failure", failure);
    return reply;
  }

  /**
   * {@code {command: "drift", success, target, drifted, scratchDatabase, applied: [name],
   * differences: [{change, kind, name, attribute, expected, actual, words}]}}; success is false
   * when the schema drifted.
   */
  public static Map<String, Object> drift(Target target, DriftResult result) {
    Map<String, Object> reply = head("drift", !result.drifted(), target);
    reply.put("drifted", result.drifted());
    reply.put("scratchDatabase", result.scratchDatabase());
    reply.put("applied", result.applied());
    reply.put("differences", differences(result.diff()));
    return reply;
  }

  private static List<Object> differences(SchemaDiff diff) {
    List<Object> out = new ArrayList<>();
    for (Difference d : diff.differences()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("change", lower(d.change()));
      m.put("kind", d.kind());
      m.put("name", d.name());
      m.put("attribute", d.attribute());
      m.put("expected", d.expected());
      m.put("actual", d.actual());
      m.put("words", d.words());
      out.add(m);
    }
    return out;
  }

  /**
   * {@code {command, success: false, target, error: {code, migration, message}, executed}}: the
   * message in the front end's words, and what ran before the failure.
   */
  public static Map<String, Object> failure(
      String command,
      Target target,
      MigrationException e,
      String message,
      List<ExecutedMigration> executed) {
    Map<String, Object> reply = head(command, false, target);
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", e.code().name());
    error.put("migration", e.migration());
    error.put("message", message);
    reply.put("error", error);
    reply.put("executed", executed(executed));
    return reply;
  }

  /** The error object of a failure reply. */
  @SuppressWarnings("unchecked") // failure() puts it there as this type
  public static Map<String, Object> error(Map<String, Object> failure) {
    return (Map<String, Object>) failure.get("error");
  }

  private static Map<String, Object> head(String command, boolean success, Target target) {
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("command", command);
    reply.put("success", success);
    reply.put("target", target == null ? null : target.toJson());
    return reply;
  }

  private static List<Object> executed(List<ExecutedMigration> list) {
    List<Object> out = new ArrayList<>(list.size());
    for (ExecutedMigration e : list) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", e.name());
      m.put("direction", lower(e.direction()));
      m.put("millis", e.millis());
      out.add(m);
    }
    return out;
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
