package dev.dbmigrate.cli.invoke;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Reads the migration function's answer and decides whether the migration succeeded. Anything that
 * is not a clearly successful reply is a failure: a function error, a reply that says {@code
 * success: false}, or a reply that cannot be read.
 */
final class FunctionReply {

  private FunctionReply() {}

  /** The successful reply as a JSON object; throws {@link MigrationException} for any failure. */
  static Map<String, JsonNode> successOrThrow(String function, Invocation invocation) {
    Optional<Map<String, JsonNode>> reply = object(invocation.payload());
    if (invocation.functionError() != null) {
      throw failureFromError(function, invocation, reply);
    }
    if (reply.isEmpty()) {
      throw new MigrationException(
          ErrorCode.FUNCTION_ERROR,
          "function "
              + function
              + " returned a reply that is not a JSON object: "
              + abbreviate(invocation.payload()));
    }
    if (!bool(reply.get(), "success")) {
      throw failureFromReply(function, reply.get());
    }
    return reply.get();
  }

  private static MigrationException failureFromError(
      String function, Invocation invocation, Optional<Map<String, JsonNode>> error) {
    String errorType = error.map(e -> text(e, "errorType")).orElse(null);
    String errorMessage = error.map(e -> text(e, "errorMessage")).orElse(invocation.payload());
    // The handler reports a failed migration as its reply document inside errorMessage.
    Optional<Map<String, JsonNode>> migrationReply = object(errorMessage);
    if (migrationReply.isPresent()
        && (migrationReply.get().containsKey("error")
            || migrationReply.get().containsKey("code"))) {
      return failureFromReply(function, migrationReply.get());
    }
    String what =
        errorMessage != null && errorMessage.contains("Task timed out")
            ? "timed out"
            : errorType != null && errorType.contains("OutOfMemory")
                ? "ran out of memory"
                : "crashed";
    return new MigrationException(
        ErrorCode.FUNCTION_ERROR,
        "function "
            + function
            + " "
            + what
            + " ("
            + (errorType == null ? invocation.functionError() : errorType)
            + "): "
            + abbreviate(errorMessage)
            + "; its log tail above may say more."
            + " The migrations' state is unknown: check it with --command status",
        null);
  }

  private static MigrationException failureFromReply(
      String function, Map<String, JsonNode> wholeReply) {
    Map<String, JsonNode> reply = error(wholeReply);
    ErrorCode code = code(text(reply, "code"));
    String message = text(reply, "message");
    StringBuilder notes = new StringBuilder();
    for (String note : ReplyRendering.notes(wholeReply)) {
      notes.append(" (").append(note).append(')');
    }
    return new MigrationException(
        code,
        text(reply, "migration"),
        "function "
            + function
            + ": "
            + (message == null ? "the migration did not succeed" : message)
            + notes,
        null);
  }

  static Optional<Map<String, JsonNode>> object(String json) {
    if (json == null || json.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonNode node = JsonNode.parser().parse(json);
      return node.isObject() ? Optional.of(node.asObject()) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The part of a failure reply that names the failure: {@code {error: {code, migration,
   * message}}}; functions built before that put them at the top, so then the reply itself.
   */
  static Map<String, JsonNode> error(Map<String, JsonNode> reply) {
    JsonNode error = reply.get("error");
    return error != null && error.isObject() ? error.asObject() : reply;
  }

  /** The engine's code by name; an unknown or missing one is a failed migration. */
  static ErrorCode code(String name) {
    try {
      return ErrorCode.valueOf(String.valueOf(name));
    } catch (IllegalArgumentException e) {
      return ErrorCode.MIGRATION_FAILED;
    }
  }

  static String text(Map<String, JsonNode> object, String field) {
    JsonNode n = object.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    return n.isString() ? n.asString() : n.isNumber() ? n.asNumber() : n.toString();
  }

  static boolean bool(Map<String, JsonNode> object, String field) {
    JsonNode n = object.get(field);
    return n != null && n.isBoolean() && n.asBoolean();
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "(empty)";
    }
    String flat = s.strip();
    return flat.length() <= 500 ? flat : flat.substring(0, 500) + "...";
  }
}
