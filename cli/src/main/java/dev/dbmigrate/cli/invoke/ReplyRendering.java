package dev.dbmigrate.cli.invoke;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** A person's summary of the function's successful reply. */
final class ReplyRendering {

  private ReplyRendering() {}

  static void print(Map<String, JsonNode> reply, PrintWriter out) {
    String command = FunctionReply.text(reply, "command");
    List<JsonNode> executed = list(reply, "executed");
    List<JsonNode> migrations = list(reply, "migrations");
    List<JsonNode> pending = list(reply, "pending");
    if ("drift".equals(command)) {
      out.println(
          "Function succeeded: no drift, the schema is what its "
              + list(reply, "applied").size()
              + " applied migrations build");
    } else if ("status".equals(command) && !migrations.isEmpty()) {
      for (JsonNode m : migrations) {
        Map<String, JsonNode> o = m.asObject();
        out.printf("%-8s %s%n", FunctionReply.text(o, "state"), FunctionReply.text(o, "name"));
      }
    } else if (executed.isEmpty()) {
      out.println(
          "Function succeeded: nothing to do"
              + ("latest".equals(command) ? " (already up to date)" : ""));
    } else {
      out.println(
          "Function succeeded: "
              + command
              + " ran "
              + executed.size()
              + (executed.size() == 1 ? " migration" : " migrations")
              + (reply.containsKey("batch")
                  ? " (batch " + FunctionReply.text(reply, "batch") + ")"
                  : ""));
      for (JsonNode e : executed) {
        Map<String, JsonNode> o = e.asObject();
        out.println(
            "  "
                + FunctionReply.text(o, "direction")
                + "  "
                + FunctionReply.text(o, "name")
                + "  "
                + FunctionReply.text(o, "millis")
                + " ms");
      }
    }
    if (!pending.isEmpty() && !"status".equals(command)) {
      out.println(pending.size() + " still pending");
    }
    for (String note : notes(reply)) {
      out.println("Note: " + note);
    }
  }

  /** What the function noticed on the way, e.g. that the database was resuming from a pause. */
  static List<String> notes(Map<String, JsonNode> reply) {
    return list(reply, "notes").stream()
        .filter(JsonNode::isString)
        .map(JsonNode::asString)
        .toList();
  }

  private static List<JsonNode> list(Map<String, JsonNode> reply, String field) {
    JsonNode n = reply.get(field);
    return n != null && n.isArray() ? n.asArray() : List.of();
  }
}
