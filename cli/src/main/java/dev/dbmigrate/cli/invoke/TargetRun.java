package dev.dbmigrate.cli.invoke;

import dev.dbmigrate.cli.ExitCodes;
import dev.dbmigrate.cli.fleet.Outcome;
import dev.dbmigrate.engine.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * What one target of a fleet execution did, read from one item of the map run's result files:
 * {@code {"Input", "Output" | "Error" + "Cause", "Status", ...}}, the output being the function's
 * reply and the cause, for a failed target, the function's error whose message is its failure
 * reply.
 *
 * @param problem the error code the target failed with; null when it succeeded
 * @param result the function's reply (a failure's too) as plain JSON values, or null when none
 *     could be read
 */
record TargetRun(String name, Outcome outcome, String detail, ErrorCode problem, Object result) {

  int exitCode() {
    return problem == null ? ExitCodes.OK : ExitCodes.of(problem);
  }

  static TargetRun of(Map<String, JsonNode> item) {
    String name =
        FunctionReply.object(FunctionReply.text(item, "Input"))
            .flatMap(input -> Optional.ofNullable(input.get("target")))
            .filter(JsonNode::isObject)
            .map(t -> FunctionReply.text(t.asObject(), "name"))
            .orElseGet(() -> String.valueOf(FunctionReply.text(item, "Name")));
    if ("SUCCEEDED".equals(FunctionReply.text(item, "Status"))) {
      Optional<Map<String, JsonNode>> output =
          FunctionReply.object(FunctionReply.text(item, "Output")).map(TargetRun::unwrapPayload);
      if (output.isEmpty()) {
        return new TargetRun(
            name,
            Outcome.FAILED,
            "the function's reply is not a JSON object: " + FunctionReply.text(item, "Output"),
            ErrorCode.FUNCTION_ERROR,
            null);
      }
      return succeeded(name, output.get());
    }
    return failed(name, item);
  }

  /** The reply itself, when the state's output is LambdaInvoke's whole answer. */
  private static Map<String, JsonNode> unwrapPayload(Map<String, JsonNode> output) {
    JsonNode payload = output.get("Payload");
    return !output.containsKey("success") && payload != null && payload.isObject()
        ? payload.asObject()
        : output;
  }

  private static TargetRun succeeded(String name, Map<String, JsonNode> reply) {
    Object json = FleetFailure.plain(reply);
    if (FunctionReply.bool(reply, "dryRun")) {
      int n = list(reply, "migrations").size();
      return n == 0
          ? new TargetRun(name, Outcome.UP_TO_DATE, "", null, json)
          : new TargetRun(name, Outcome.BEHIND, "would apply " + n + migrations(n), null, json);
    }
    if ("status".equals(FunctionReply.text(reply, "command"))) {
      int pending = list(reply, "pending").size();
      return FunctionReply.bool(reply, "upToDate")
          ? new TargetRun(
              name,
              Outcome.UP_TO_DATE,
              list(reply, "migrations").size() - pending + " applied",
              null,
              json)
          : new TargetRun(name, Outcome.BEHIND, pending + " pending", null, json);
    }
    int ran = list(reply, "executed").size();
    return ran == 0
        ? new TargetRun(name, Outcome.UP_TO_DATE, "", null, json)
        : new TargetRun(
            name,
            Outcome.APPLIED,
            ran + migrations(ran) + ", batch " + FunctionReply.text(reply, "batch"),
            null,
            json);
  }

  private static TargetRun failed(String name, Map<String, JsonNode> item) {
    String error = FunctionReply.text(item, "Error");
    String cause = FunctionReply.text(item, "Cause");
    Optional<Map<String, JsonNode>> reply = FleetFailure.reply(cause);
    if (reply.isPresent()) {
      Map<String, JsonNode> detail = FunctionReply.error(reply.get());
      ErrorCode code = FunctionReply.code(FunctionReply.text(detail, "code"));
      String migration = FunctionReply.text(detail, "migration");
      return new TargetRun(
          name,
          Outcome.FAILED,
          (migration == null ? "" : migration + ": ") + FunctionReply.text(detail, "message"),
          code,
          FleetFailure.plain(reply.get()));
    }
    return new TargetRun(
        name,
        Outcome.FAILED,
        (error == null ? String.valueOf(FunctionReply.text(item, "Status")) : error)
            + (cause == null ? "" : ": " + StepFunctions.firstLine(cause)),
        ErrorCode.FUNCTION_ERROR,
        null);
  }

  private static String migrations(int n) {
    return n == 1 ? " migration" : " migrations";
  }

  private static List<JsonNode> list(Map<String, JsonNode> reply, String field) {
    JsonNode n = reply.get(field);
    return n != null && n.isArray() ? n.asArray() : List.of();
  }
}
