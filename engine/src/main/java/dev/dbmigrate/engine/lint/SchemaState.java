package dev.dbmigrate.engine.lint;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the statements linted so far did to the schema, across the migrations of one pending set: a
 * table or index they created is new and empty, since no running code knows it yet, so locking it
 * harms nobody; a CHECK (column IS NOT NULL) they validated lets SET NOT NULL skip its scan.
 */
final class SchemaState {

  private final Set<String> newTables = new HashSet<>();
  private final Set<String> newIndexes = new HashSet<>();

  /** Constraint "table.name" of a CHECK (column IS NOT NULL), to the column, until validated. */
  private final Map<String, String> notNullChecks = new HashMap<>();

  /** "table.column" proven not null by a validated check. */
  private final Set<String> provenNotNull = new HashSet<>();

  boolean isNewTable(String table) {
    return newTables.contains(table);
  }

  boolean isNewIndex(String index) {
    return newIndexes.contains(index);
  }

  void tableCreated(String table) {
    newTables.add(table);
  }

  void tableRenamed(String from, String to) {
    if (newTables.remove(from)) {
      newTables.add(to);
    }
  }

  void indexCreated(String index) {
    if (index != null) {
      newIndexes.add(index);
    }
  }

  /** A CHECK (column IS NOT NULL) constraint was added, valid at once or not. */
  void notNullCheckAdded(String table, String constraint, String column, boolean valid) {
    if (valid) {
      provenNotNull.add(table + "." + column);
    } else if (constraint != null) {
      notNullChecks.put(table + "." + constraint, column);
    }
  }

  void validated(String table, String constraint) {
    String column = notNullChecks.remove(table + "." + constraint);
    if (column != null) {
      provenNotNull.add(table + "." + column);
    }
  }

  boolean provenNotNull(String table, String column) {
    return provenNotNull.contains(table + "." + column);
  }
}
