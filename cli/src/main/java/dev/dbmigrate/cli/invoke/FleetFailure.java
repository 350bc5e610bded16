package dev.dbmigrate.cli.invoke;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Reads what Step Functions reports of a failed Lambda task: its cause is the function's error
 * document ({@code {"errorMessage", "errorType"}}), whose message is the function's failure reply
 * ({@code {"command", "success": false, "error": {"code", "migration", "message"}}}).
 */
final class FleetFailure {

  private FleetFailure() {}

  /** The function's failure reply inside a task's cause, when there is one. */
  static Optional<Map<String, JsonNode>> reply(String cause) {
    Optional<Map<String, JsonNode>> doc = FunctionReply.object(cause);
    if (doc.isEmpty()) {
      return Optional.empty();
    }
    Map<String, JsonNode> d = doc.get();
    if (d.containsKey("error") || d.containsKey("code")) {
      return doc;
    }
    return FunctionReply.object(FunctionReply.text(d, "errorMessage"))
        .filter(r -> r.containsKey("error") || r.containsKey("code"));
  }

  /** A JSON object as the maps, lists and values the CLI's JSON writer takes. */
  static Map<String, Object> plain(Map<String, JsonNode> object) {
    Map<String, Object> out = new LinkedHashMap<>();
    object.forEach((k, v) -> out.put(k, plain(v)));
    return out;
  }

  static Object plain(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isObject()) {
      return plain(node.asObject());
    }
    if (node.isArray()) {
      List<Object> out = new ArrayList<>();
      node.asArray().forEach(n -> out.add(plain(n)));
      return out;
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    if (node.isNumber()) {
      return new BigDecimal(node.asNumber());
    }
    return node.asString();
  }
}
