package dev.dbmigrate.aws;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * Reads a secret's JSON with the SDK's own parser. Every message names the secret and the field but
 * never quotes the text: the parser's own errors do (Jackson cites the offending token), so they
 * are neither shown nor kept as the cause.
 */
final class SecretJson {

  private static final JsonNodeParser PARSER = JsonNode.parser();

  private SecretJson() {}

  static DatabaseSecret parse(String secretId, String secretString) {
    Map<String, JsonNode> fields = object(secretId, secretString);
    return new DatabaseSecret(
        optionalString(secretId, fields, "host"),
        port(secretId, fields),
        requiredString(secretId, fields, "username"),
        requiredString(secretId, fields, "password"),
        optionalString(secretId, fields, "dbname"),
        optionalString(secretId, fields, "engine"));
  }

  private static Map<String, JsonNode> object(String secretId, String text) {
    JsonNode root;
    try {
      root = PARSER.parse(text);
    } catch (RuntimeException e) {
      root = null;
    }
    if (root == null || !root.isObject()) {
      throw invalid(
          secretId,
          "is not a JSON object; dbmigrate expects the JSON that RDS and CDK"
              + " store: {\"host\", \"port\", \"username\", \"password\", \"dbname\", \"engine\"}");
    }
    return root.asObject();
  }

  private static String requiredString(String secretId, Map<String, JsonNode> fields, String name) {
    String value = optionalString(secretId, fields, name);
    if (value == null || value.isEmpty()) {
      throw invalid(
          secretId,
          "has no '" + name + "' field; it needs at least \"username\" and" + " \"password\"");
    }
    return value;
  }

  private static String optionalString(String secretId, Map<String, JsonNode> fields, String name) {
    JsonNode node = fields.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isString()) {
      throw invalid(secretId, "has a '" + name + "' field that is not a string");
    }
    return node.asString();
  }

  /** RDS and CDK write the port as a number; secrets written by hand often have a string. */
  private static int port(String secretId, Map<String, JsonNode> fields) {
    JsonNode node = fields.get("port");
    if (node == null || node.isNull()) {
      return 0;
    }
    String text = node.isNumber() ? node.asNumber() : node.isString() ? node.asString().trim() : "";
    try {
      int port = Integer.parseInt(text);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(secretId, "has a 'port' field that is not a port number (1 to 65535)");
  }

  private static MigrationException invalid(String secretId, String problem) {
    return new MigrationException(ErrorCode.CONFIGURATION, "secret '" + secretId + "' " + problem);
  }
}
