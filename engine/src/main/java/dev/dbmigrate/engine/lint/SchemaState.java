package dev.dbmigrate.engine.lint;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the statements linted so far did to the schema, across the migrations of one pending set: a
 * table or index they created is new and empty, since no running code knows it yet, so locking it
 * harms nobody; a CHECK (column IS NOT NULL) they validated lets SET NOT NULL skip its scan; the
 * columns they defined have the types they gave, so a later type change can be judged against the
 * old type. SQL that ran before the set (a schema, the migrations already applied) teaches the
 * column types too, but its tables are not new.
 */
final class SchemaState {

  /** "table.column" to the column as last defined. */
  private final Map<String, ColumnDef> columns = new HashMap<>();

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
    if (known(table)) {
      newTables.add(table);
    }
  }

  void tableRenamed(String from, String to) {
    if (newTables.remove(from) && known(to)) {
      newTables.add(to);
    }
  }

  void indexCreated(String index) {
    if (index != null && known(index)) {
      newIndexes.add(index);
    }
  }

  /** Whether {@code name} names one object, not SQL a DO block builds at run time. */
  private static boolean known(String name) {
    return !DoBlock.UNKNOWN_NAME.equals(name);
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

  /** The column as the SQL read so far defined it, or null when none did. */
  ColumnDef column(String table, String column) {
    return columns.get(table + "." + column);
  }

  /**
   * The state the next migration starts from when each is judged on its own: what this one's
   * statements defined is history now, so nothing is new, but column types and validated checks
   * still hold.
   */
  SchemaState settled() {
    SchemaState next = new SchemaState();
    next.columns.putAll(columns);
    next.notNullChecks.putAll(notNullChecks);
    next.provenNotNull.addAll(provenNotNull);
    return next;
  }

  /** Records the column definitions of {@code s}: created, added, retyped, renamed or dropped. */
  void learnColumns(Clause s) {
    Ddl.createTable(s)
        .filter(t -> known(t.table()))
        .ifPresent(
            t -> {
              forget(t.table());
              t.columns().forEach(c -> columns.put(t.table() + "." + c.name(), c));
            });
    Ddl.droppedTables(s).forEach(this::forget);
    Ddl.alterTable(s)
        .filter(t -> known(t.table()))
        .ifPresent(t -> t.actions().forEach(a -> learnAction(t.table(), a)));
  }

  private void learnAction(String table, Clause a) {
    Ddl.addedColumn(a).ifPresent(c -> columns.put(table + "." + c.name(), c));
    Ddl.newType(a).ifPresent(c -> columns.put(table + "." + c.name(), c));
    if (a.startsWith("rename", "to")) {
      String to = a.nameAt(2);
      Map<String, ColumnDef> moved = new HashMap<>();
      columns
          .entrySet()
          .removeIf(
              e -> {
                if (e.getKey().startsWith(table + ".")) {
                  moved.put(to + e.getKey().substring(table.length()), e.getValue());
                  return true;
                }
                return false;
              });
      columns.putAll(moved);
    } else if (a.isWord(0, "rename") && !a.isWord(1, "constraint")) {
      int from = a.skip(1, "column");
      if (a.get(from).isName() && a.isWord(from + 1, "to") && a.get(from + 2).isName()) {
        ColumnDef c = columns.remove(table + "." + a.get(from).text());
        if (c != null) {
          columns.put(table + "." + a.get(from + 2).text(), c);
        }
      }
    } else if (Ddl.dropsColumn(a)) {
      int at = a.skip(a.skip(1, "column"), "if", "exists");
      if (a.get(at).isName()) {
        columns.remove(table + "." + a.get(at).text());
      }
    }
  }

  private void forget(String table) {
    columns.keySet().removeIf(k -> k.startsWith(table + "."));
  }
}
