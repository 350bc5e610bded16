package dev.dbmigrate.engine.schema;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of a database's schema, normalised so that two databases built by the same statements
 * compare equal: objects keyed by kind and name, each with the attributes that define it (a
 * column's type, default and nullability; an index's definition and validity). What does not define
 * the schema is left out: column positions, object ids, statistics, the rows, and dbmigrate's own
 * history table.
 */
public record Schema(Map<String, SchemaObject> objects) {

  public Schema {
    objects = Collections.unmodifiableMap(new TreeMap<>(objects));
  }

  public static Schema of(Collection<SchemaObject> list) {
    Map<String, SchemaObject> map = new TreeMap<>();
    for (SchemaObject o : list) {
      if (map.put(o.key(), o) != null) {
        throw new IllegalArgumentException("two objects named " + o.key());
      }
    }
    return new Schema(map);
  }

  /** The object of that kind and name, or null. */
  public SchemaObject get(String kind, String name) {
    return objects.get(SchemaObject.key(kind, name));
  }

  public List<SchemaObject> ofKind(String kind) {
    return objects.values().stream().filter(o -> o.kind().equals(kind)).toList();
  }
}
