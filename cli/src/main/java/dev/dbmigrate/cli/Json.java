package dev.dbmigrate.cli;

import dev.dbmigrate.engine.json.JsonText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CLI's {@code --json} output: values built as maps and lists, written by the engine's {@link
 * JsonText}, the same writer the Lambda function's replies use.
 */
public final class Json {

  private Json() {}

  public static Map<String, Object> object() {
    return new LinkedHashMap<>();
  }

  public static List<Object> array() {
    return new ArrayList<>();
  }

  public static String write(Object value) {
    return JsonText.write(value);
  }
}
