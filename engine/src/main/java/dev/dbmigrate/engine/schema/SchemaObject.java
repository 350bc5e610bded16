package dev.dbmigrate.engine.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One object of a schema snapshot: a table, a column, an index, a function, and so on.
 *
 * @param kind what it is, in the words a message uses ({@code "index"}, {@code "enum type"})
 * @param name its name as a message shows it: unqualified in {@code public}, else {@code
 *     schema.name}; a column, constraint, trigger or policy is prefixed with its table ({@code
 *     orders.total}), a function carries its argument types ({@code total(integer)})
 * @param parent the {@link #key()} of the object it belongs to (a column's table), or null; a
 *     difference in the parent makes differences in its parts redundant
 * @param attributes what is compared, in a fixed order; an absent attribute is one the object does
 *     not have (a column without default), never a null value
 */
public record SchemaObject(
    String kind, String name, String parent, Map<String, String> attributes) {

  public SchemaObject {
    Map<String, String> copy = new LinkedHashMap<>();
    attributes.forEach(
        (k, v) -> {
          if (v != null) {
            copy.put(k, v);
          }
        });
    attributes = Collections.unmodifiableMap(copy);
  }

  /** Identity within a snapshot: kind and name. */
  public String key() {
    return key(kind, name);
  }

  public static String key(String kind, String name) {
    return kind + " " + name;
  }

  /** The attribute's value, or null when the object does not have it. */
  public String get(String attribute) {
    return attributes.get(attribute);
  }
}
