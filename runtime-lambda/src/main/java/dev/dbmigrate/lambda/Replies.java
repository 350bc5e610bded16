package dev.dbmigrate.lambda;

import dev.dbmigrate.engine.DriftResult;
import dev.dbmigrate.engine.DryRunResult;
import dev.dbmigrate.engine.ExecutedMigration;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.RunResult;
import dev.dbmigrate.engine.StatusResult;
import dev.dbmigrate.engine.json.JsonText;
import dev.dbmigrate.engine.json.ResultJson;
import dev.dbmigrate.engine.settings.JdbcUrl;
import dev.dbmigrate.engine.settings.Setting;
import dev.dbmigrate.engine.settings.Target;
import dev.dbmigrate.engine.settings.Wording;
import java.util.List;
import java.util.Map;

/**
 * The replies, in the one JSON shape the CLI's {@code --json} prints too ({@link ResultJson}). A
 * success is a map that the Lambda runtime serializes; a failure is JSON text, since it travels as
 * an exception's message. The target is filled in by the handler once the database is known.
 */
final class Replies {

  private Replies() {}

  static Map<String, Object> run(String command, RunResult result) {
    return ResultJson.run(command, null, result);
  }

  static Map<String, Object> dryRun(String command, DryRunResult result) {
    return ResultJson.dryRun(command, null, result);
  }

  static Map<String, Object> drift(DriftResult result) {
    return ResultJson.drift(null, result);
  }

  static Map<String, Object> status(StatusResult status) {
    return ResultJson.status(null, status);
  }

  /**
   * The failure as JSON text: {@code {command, success: false, target, error: {code, migration,
   * message}, executed}}, the message naming the function's variables.
   */
  static String failure(
      String command, Target target, MigrationException e, List<ExecutedMigration> executed) {
    return failure(command, target, e, executed, List.of());
  }

  /** The same, with {@code notes} (e.g. that the database was resuming) when there are any. */
  static String failure(
      String command,
      Target target,
      MigrationException e,
      List<ExecutedMigration> executed,
      List<String> notes) {
    Map<String, Object> reply = ResultJson.failure(command, target, e, message(e), executed);
    if (!notes.isEmpty()) {
      reply.put("notes", List.copyOf(notes));
    }
    return JsonText.write(reply);
  }

  /**
   * The failure of one fleet target: {@code "target"} is its name, {@code "connected"} what it
   * connected to (null before that), and the message starts with the name.
   */
  static String targetFailure(
      String command,
      String name,
      Target connected,
      MigrationException e,
      List<ExecutedMigration> executed,
      List<String> notes) {
    Map<String, Object> reply =
        ResultJson.failure(command, connected, e, name + ": " + message(e), executed);
    reply.put("connected", reply.get("target"));
    reply.put("target", name);
    if (!notes.isEmpty()) {
      reply.put("notes", List.copyOf(notes));
    }
    return JsonText.write(reply);
  }

  /** An engine message in the function's words: DBMIGRATE_LOCK_TIMEOUT, not lock-timeout. */
  static String message(MigrationException e) {
    return Wording.message(e, JdbcUrl.mask(e.getMessage()), Setting.Scope.LAMBDA, false);
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
    if ("drift".equals(reply.get("command"))) {
      return "no drift: the schema is what its "
          + ((List<?>) reply.get("applied")).size()
          + " applied migrations build";
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

  static String json(Object value) {
    return JsonText.write(value);
  }
}
