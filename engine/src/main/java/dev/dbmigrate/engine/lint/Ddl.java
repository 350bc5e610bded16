package dev.dbmigrate.engine.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the parts of DDL statements the rules need. It recognises the statement forms PostgreSQL
 * documents and answers empty for anything else, so an unusual statement is never misread as a
 * dangerous one.
 */
final class Ddl {

  /** Words that start a table constraint, in CREATE TABLE or after ALTER TABLE ... ADD. */
  private static final Set<String> CONSTRAINT_START =
      Set.of("constraint", "check", "foreign", "unique", "primary", "exclude", "like");

  record CreateTable(String table, List<ColumnDef> columns, List<String> primaryKey) {}

  record AlterTable(String table, List<Clause> actions) {}

  record CreateIndex(String index, String table, boolean concurrently) {}

  record DropIndex(List<String> indexes, boolean concurrently, boolean ifExists) {}

  private Ddl() {}

  /** CREATE [TEMP | UNLOGGED] TABLE [IF NOT EXISTS] name (columns and constraints). */
  static Optional<CreateTable> createTable(Clause s) {
    int i = s.skipAny(s.skipAny(1, "global", "local"), "temp", "temporary", "unlogged");
    if (!s.isWord(0, "create") || !s.isWord(i, "table")) {
      return Optional.empty();
    }
    i = s.skip(i + 1, "if", "not", "exists");
    String table = s.nameAt(i);
    int open = s.nameEnd(i);
    List<ColumnDef> columns = new ArrayList<>();
    List<String> primaryKey = new ArrayList<>();
    if (table != null && s.get(open).isSymbol("(")) {
      for (Clause element : s.splitCommas(open + 1, s.closing(open))) {
        if (startsConstraint(element, 0)) {
          int pk = element.find(0, "primary", "key");
          if (pk >= 0 && element.get(pk + 2).isSymbol("(")) {
            Clause keys = element.sub(pk + 3, element.closing(pk + 2));
            keys.splitCommas(0, keys.size()).forEach(col -> primaryKey.add(col.get(0).text()));
          }
        } else if (element.get(0).isName()) {
          columns.add(ColumnDef.read(element, 0));
        }
      }
    }
    return Optional.ofNullable(table).map(t -> new CreateTable(t, columns, primaryKey));
  }

  /** ALTER TABLE [IF EXISTS] [ONLY] name [*] action [, action ...]. */
  static Optional<AlterTable> alterTable(Clause s) {
    if (!s.startsWith("alter", "table")) {
      return Optional.empty();
    }
    int i = s.skip(s.skip(2, "if", "exists"), "only");
    String table = s.nameAt(i);
    if (table == null) {
      return Optional.empty();
    }
    int end = s.nameEnd(i);
    if (s.get(end).isSymbol("*")) {
      end++;
    }
    return Optional.of(new AlterTable(table, s.splitCommas(end, s.size())));
  }

  /** CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY] table ... */
  static Optional<CreateIndex> createIndex(Clause s) {
    int i = s.skip(1, "unique");
    if (!s.isWord(0, "create") || !s.isWord(i, "index")) {
      return Optional.empty();
    }
    boolean concurrently = s.isWord(i + 1, "concurrently");
    i = s.skip(s.skip(i + 1, "concurrently"), "if", "not", "exists");
    String index = s.isWord(i, "on") ? null : s.nameAt(i);
    int on = s.find(i, "on");
    String table = on < 0 ? null : s.nameAt(s.skip(on + 1, "only"));
    return Optional.ofNullable(table).map(t -> new CreateIndex(index, t, concurrently));
  }

  /** DROP INDEX [CONCURRENTLY] [IF EXISTS] name [, name ...] [CASCADE | RESTRICT]. */
  static Optional<DropIndex> dropIndex(Clause s) {
    if (!s.startsWith("drop", "index")) {
      return Optional.empty();
    }
    boolean concurrently = s.isWord(2, "concurrently");
    int at = s.skip(2, "concurrently");
    int i = s.skip(at, "if", "exists");
    return Optional.of(new DropIndex(names(s, i), concurrently, i > at));
  }

  /** The tables of DROP TABLE [IF EXISTS] name [, name ...]; empty for any other statement. */
  static List<String> droppedTables(Clause s) {
    return s.startsWith("drop", "table") ? names(s, s.skip(2, "if", "exists")) : List.of();
  }

  private static List<String> names(Clause s, int from) {
    List<String> names = new ArrayList<>();
    for (Clause part : s.splitCommas(from, s.size())) {
      if (part.nameAt(0) != null) {
        names.add(part.nameAt(0));
      }
    }
    return names;
  }

  /** ADD [COLUMN] [IF NOT EXISTS] column type ... */
  static Optional<ColumnDef> addedColumn(Clause action) {
    if (!action.isWord(0, "add") || startsConstraint(action, 1)) {
      return Optional.empty();
    }
    int i = action.skip(action.skip(1, "column"), "if", "not", "exists");
    return action.get(i).isName() ? Optional.of(ColumnDef.read(action, i)) : Optional.empty();
  }

  /**
   * The constraint of ADD [CONSTRAINT name] constraint, from its kind on: CHECK (...), FOREIGN KEY
   * ...
   */
  static Optional<Clause> addedConstraint(Clause action) {
    if (!action.isWord(0, "add") || !startsConstraint(action, 1)) {
      return Optional.empty();
    }
    int i = action.isWord(1, "constraint") ? action.nameEnd(2) : 1;
    return Optional.of(action.from(i));
  }

  /** The name of ADD CONSTRAINT name ..., or null when the constraint is unnamed. */
  static String constraintName(Clause action) {
    return action.isWord(0, "add") && action.isWord(1, "constraint") ? action.nameAt(2) : null;
  }

  /** The column of a constraint CHECK (column IS NOT NULL) [NOT VALID], or null for any other. */
  static String notNullCheckColumn(Clause constraint) {
    if (!constraint.isWord(0, "check") || !constraint.get(1).isSymbol("(")) {
      return null;
    }
    int close = constraint.closing(1);
    Clause inner = constraint.sub(2, close);
    int end = inner.nameEnd(0);
    boolean shape =
        inner.get(0).isName() && inner.wordsAt(end, "is", "not", "null") && inner.size() == end + 3;
    return shape ? inner.get(end - 1).text() : null;
  }

  /** The column of ALTER [COLUMN] column ..., or null when the action is not one. */
  static String alteredColumn(Clause action) {
    if (!action.isWord(0, "alter")) {
      return null;
    }
    int i = action.skip(1, "column");
    return action.get(i).isName() ? action.get(i).text() : null;
  }

  /** The new type of ALTER [COLUMN] column [SET DATA] TYPE type [USING ...]. */
  static Optional<ColumnDef> newType(Clause action) {
    int i = action.skip(1, "column");
    int type = action.skip(i + 1, "set", "data");
    if (!action.isWord(0, "alter") || !action.isWord(type, "type")) {
      return Optional.empty();
    }
    return Optional.of(ColumnDef.ofType(action.get(i).text(), action, type + 1));
  }

  /** ALTER [COLUMN] column SET NOT NULL. */
  static boolean setsNotNull(Clause action) {
    return action.isWord(0, "alter") && action.has("set", "not", "null");
  }

  /** RENAME [COLUMN] a TO b, or RENAME TO name; not RENAME CONSTRAINT. */
  static boolean renames(Clause action) {
    return action.isWord(0, "rename") && !action.isWord(1, "constraint");
  }

  /** DROP [COLUMN] [IF EXISTS] column; not DROP CONSTRAINT. */
  static boolean dropsColumn(Clause action) {
    return action.isWord(0, "drop") && !action.isWord(1, "constraint");
  }

  /**
   * Whether running {@code s} a second time works: it has IF [NOT] EXISTS where PostgreSQL offers
   * one, or PostgreSQL offers none (ALTER TABLE ... ADD CONSTRAINT, DETACH PARTITION), or an
   * earlier statement dropped the index it creates IF EXISTS.
   */
  static boolean robust(Clause s, MigrationScope scope) {
    Optional<CreateIndex> index = createIndex(s);
    if (index.isPresent()) {
      String name = index.get().index();
      return name == null || s.has("if", "not", "exists") || scope.droppedIfExists(name);
    }
    if (s.startsWith("create")) {
      int kind = s.skipAny(s.skipAny(1, "global", "local"), "temp", "temporary", "unlogged");
      boolean offersIf =
          s.isWord(kind, "table")
              || s.isWord(kind, "schema")
              || s.isWord(kind, "sequence")
              || s.isWord(kind, "extension");
      return !offersIf || s.wordsAt(kind + 1, "if", "not", "exists");
    }
    if (s.startsWith("drop")) {
      int kind = s.isWord(1, "materialized") ? 2 : 1;
      int after = s.skip(kind + 1, "concurrently");
      boolean offersIf =
          s.isWord(kind, "table")
              || s.isWord(kind, "index")
              || s.isWord(kind, "view")
              || s.isWord(kind, "sequence")
              || s.isWord(kind, "schema")
              || s.isWord(kind, "type")
              || s.isWord(kind, "extension");
      return !offersIf || s.wordsAt(after, "if", "exists");
    }
    return alterTable(s)
        .map(
            t ->
                t.actions().stream()
                    .allMatch(
                        a -> {
                          if (a.isWord(0, "add") && !startsConstraint(a, 1)) {
                            return a.wordsAt(a.skip(1, "column"), "if", "not", "exists");
                          }
                          if (dropsColumn(a)) {
                            return a.wordsAt(a.skip(1, "column"), "if", "exists");
                          }
                          return true;
                        }))
        .orElse(true);
  }

  /**
   * Whether a CREATE TABLE, ALTER TABLE, CREATE INDEX ... ON or DROP TABLE names a table without
   * its schema; temporary tables aside, which live in a schema of their own.
   */
  static boolean namesUnqualifiedTable(Clause s) {
    int at = -1;
    if (s.startsWith("create")) {
      int i = s.skipAny(s.skipAny(1, "global", "local"), "temp", "temporary", "unlogged");
      boolean temporary = s.hasAnywhere("temp") || s.hasAnywhere("temporary");
      if (s.isWord(i, "table") && !temporary) {
        at = s.skip(i + 1, "if", "not", "exists");
      } else if (createIndex(s).isPresent()) {
        at = s.skip(s.find(1, "on") + 1, "only");
      }
    } else if (s.startsWith("alter", "table")) {
      at = s.skip(s.skip(2, "if", "exists"), "only");
    } else if (s.startsWith("drop", "table")) {
      at = s.skip(2, "if", "exists");
    }
    return at > 0 && s.get(at).isName() && !s.get(at + 1).isSymbol(".");
  }

  /** Every column the statement defines: created, added, or given a new type. */
  static List<ColumnDef> columns(Clause s) {
    List<ColumnDef> columns = new ArrayList<>();
    createTable(s).ifPresent(t -> columns.addAll(t.columns()));
    alterTable(s)
        .ifPresent(
            t ->
                t.actions()
                    .forEach(
                        a -> {
                          addedColumn(a).ifPresent(columns::add);
                          newType(a).ifPresent(columns::add);
                        }));
    return columns;
  }

  private static boolean startsConstraint(Clause c, int i) {
    return c.get(i).kind() == Token.Kind.WORD && CONSTRAINT_START.contains(c.get(i).text());
  }
}
