package dev.dbmigrate.lambda;

import dev.dbmigrate.engine.CheckSettings;
import dev.dbmigrate.engine.DriftResult;
import dev.dbmigrate.engine.DryRun;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.ScratchServer;
import java.util.Map;

/**
 * What one invocation asks for: {@code {"command": "latest" | "status" | "rollback" | "up" | "down"
 * | "drift", "all": true, "name": "...", "dryRun": true}}. No command means latest, so an empty
 * event applies what is pending. Fields that the command does not take are refused rather than
 * ignored: a misplaced {@code "all"} or {@code "name"} means the caller expected something else to
 * happen. {@code "target"} names one target of a fleet ({@link FleetItem}) to run the command on
 * instead of the function's configured database.
 *
 * @param target the fleet target the event names, or null for the configured database
 */
record Request(String command, String name, boolean all, boolean dryRun, FleetItem target) {

  static final String DEFAULT_COMMAND = "latest";

  /** The command named in the event, even an invalid one, for the reply; never throws. */
  static String commandOf(Map<String, Object> event) {
    Object command = event == null ? null : event.get("command");
    return command == null ? DEFAULT_COMMAND : String.valueOf(command);
  }

  static Request of(Map<String, Object> event) {
    Map<String, Object> e = event == null ? Map.of() : event;
    String command = commandOf(e);
    Object given = e.get("command");
    if (given != null && !(given instanceof String)) {
      throw invalid("the event's \"command\" must be a string, e.g. {\"command\": \"status\"}");
    }
    if (!command.matches("latest|status|rollback|up|down|drift")) {
      throw invalid(
          "unknown command '"
              + command
              + "'; use latest, status, rollback (with"
              + " \"all\": true for every batch), up or down (with an optional \"name\"), drift,"
              + " or fleet-targets");
    }
    Object all = e.get("all");
    if (all != null && !(all instanceof Boolean)) {
      throw invalid("the event's \"all\" must be true or false");
    }
    if (all != null && !command.equals("rollback")) {
      throw invalid("\"all\" applies to rollback only, not to " + command);
    }
    Object name = e.get("name");
    if (name != null && !(name instanceof String)) {
      throw invalid(
          "the event's \"name\" must be a migration name, e.g."
              + " \"20261124160632_CreateInitialDemoTable\"");
    }
    if (name != null && !command.equals("up") && !command.equals("down")) {
      throw invalid("\"name\" applies to up and down only, not to " + command);
    }
    Object dryRun = e.get("dryRun");
    if (dryRun != null && !(dryRun instanceof Boolean)) {
      throw invalid("the event's \"dryRun\" must be true or false");
    }
    if (Boolean.TRUE.equals(dryRun) && (command.equals("status") || command.equals("drift"))) {
      throw invalid(
          "\"dryRun\" applies to latest, rollback, up and down; " + command + " changes nothing");
    }
    String n = name == null || ((String) name).isBlank() ? null : ((String) name).strip();
    Object target = e.get("target");
    return new Request(
        command,
        n,
        Boolean.TRUE.equals(all),
        Boolean.TRUE.equals(dryRun),
        target == null ? null : FleetItem.of(target));
  }

  /**
   * Runs the command and returns its reply; {@code scratch} is where drift builds its scratch
   * database. Drift fails the invocation (code DRIFT, the differences in the message), so a
   * pipeline step stops before it migrates a database changed by hand.
   */
  Map<String, Object> runOn(Migrator migrator, ScratchServer scratch) {
    if (dryRun) {
      DryRun preview = migrator.dryRun();
      return Replies.dryRun(
          command,
          switch (command) {
            case "rollback" -> preview.rollback(all);
            case "up" -> preview.up(name);
            case "down" -> preview.down(name);
            default -> preview.latest();
          });
    }
    return switch (command) {
      case "status" -> Replies.status(migrator.status());
      case "drift" -> drift(migrator.drift(new CheckSettings(scratch, null, false)));
      case "rollback" -> Replies.run(command, migrator.rollback(all));
      case "up" -> Replies.run(command, migrator.up(name));
      case "down" -> Replies.run(command, migrator.down(name));
      default -> Replies.run(command, migrator.latest());
    };
  }

  private static Map<String, Object> drift(DriftResult result) {
    if (result.drifted()) {
      throw new MigrationException(
          ErrorCode.DRIFT,
          "the schema differs from what its "
              + result.applied().size()
              + " applied migrations build: "
              + String.join("; ", result.diff().lines()));
    }
    return Replies.drift(result);
  }

  /** For the start line of the log. */
  String describe() {
    return command
        + (target != null ? " on " + target.describe() : "")
        + (name != null ? " " + name : "")
        + (all ? " all" : "")
        + (dryRun ? " (dry run)" : "");
  }

  private static MigrationException invalid(String message) {
    return new MigrationException(ErrorCode.CONFIGURATION, message);
  }
}
