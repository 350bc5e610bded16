package dev.dbmigrate.engine.lint;

import java.util.HashSet;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * What the rules know around one statement: how the migration runs (in a transaction or not, with
 * which lock timeout), what its earlier statements did, and through {@link SchemaState} what the
 * earlier migrations of the same pending set created.
 */
final class MigrationScope {

  private final boolean transactional;
  private final boolean lockTimeoutOff;
  private final int version;
  private final Set<String> included;
  private final SchemaState schema;
  private final Set<String> notValidHere = new HashSet<>();
  private final Set<String> droppedIfExists = new HashSet<>();
  private boolean lockedBefore;
  private boolean setsLockTimeout;
  private boolean insideBlock;

  MigrationScope(
      boolean transactional,
      boolean lockTimeoutOff,
      int version,
      Set<String> included,
      SchemaState schema) {
    this.transactional = transactional;
    this.lockTimeoutOff = lockTimeoutOff;
    this.version = version;
    this.included = included;
    this.schema = schema;
  }

  /**
   * Whether the statement runs inside a transaction: the migration's, or the one a DO block's body
   * always runs in.
   */
  boolean transactional() {
    return transactional || insideBlock;
  }

  /** The statements checked next are (or are no longer) read from a DO block's body. */
  void insideBlock(boolean inside) {
    insideBlock = inside;
  }

  /**
   * Whether dbmigrate sets no limit on lock waits for this statement: the configured lock timeout
   * is 0 and no earlier statement of the migration set one of its own.
   */
  boolean lockTimeoutOff() {
    return lockTimeoutOff && !setsLockTimeout;
  }

  /** The PostgreSQL major version the verdicts are for. */
  int version() {
    return version;
  }

  boolean includes(String optionalRule) {
    return included.contains(optionalRule);
  }

  SchemaState schema() {
    return schema;
  }

  /** A table that exists before this pending set, so running code may be using it. */
  boolean existing(String table) {
    return table != null && !schema.isNewTable(table);
  }

  /** An ALTER TABLE of a table that exists before this pending set, with an action that matches. */
  boolean altersExisting(Clause s, Predicate<Clause> action) {
    return altersExisting(s, (table, a) -> action.test(a));
  }

  /** The same, for an action whose test needs the table's name: {@code (table, action)}. */
  boolean altersExisting(Clause s, BiPredicate<String, Clause> action) {
    return Ddl.alterTable(s)
        .filter(
            t ->
                existing(t.table())
                    && t.actions().stream().anyMatch(a -> action.test(t.table(), a)))
        .isPresent();
  }

  boolean existingIndex(String index) {
    return index != null && !schema.isNewIndex(index);
  }

  /** Whether an earlier statement of this migration took a table lock. */
  boolean lockedBefore() {
    return lockedBefore;
  }

  /** Whether this migration added {@code table.constraint} NOT VALID before this statement. */
  boolean addedNotValidHere(String table, String constraint) {
    return notValidHere.contains(table + "." + constraint);
  }

  /** Whether an earlier statement of this migration dropped the index IF EXISTS. */
  boolean droppedIfExists(String index) {
    return droppedIfExists.contains(index);
  }

  /** Whether the statement takes a lock on a table or another schema object. */
  static boolean locks(Clause s) {
    return s.startsWith("alter")
        || s.startsWith("create")
        || s.startsWith("drop")
        || s.startsWith("truncate")
        || s.startsWith("lock")
        || s.startsWith("reindex")
        || s.startsWith("cluster")
        || s.startsWith("vacuum")
        || s.startsWith("comment")
        || s.startsWith("refresh");
  }

  /** Remembers what {@code s} did, once the rules have looked at it. */
  void after(Clause s) {
    schema.learnColumns(s);
    lockedBefore |= locks(s);
    setsLockTimeout |= LockRules.setsLockTimeout(s);
    Ddl.createTable(s).ifPresent(t -> schema.tableCreated(t.table()));
    Ddl.createIndex(s).ifPresent(i -> schema.indexCreated(i.index()));
    Ddl.dropIndex(s)
        .filter(Ddl.DropIndex::ifExists)
        .ifPresent(d -> droppedIfExists.addAll(d.indexes()));
    Ddl.alterTable(s).ifPresent(this::afterAlter);
  }

  private void afterAlter(Ddl.AlterTable t) {
    for (Clause action : t.actions()) {
      if (action.startsWith("rename", "to")) {
        schema.tableRenamed(t.table(), action.nameAt(2));
      }
      Ddl.addedConstraint(action)
          .ifPresent(
              c -> {
                String name = Ddl.constraintName(action);
                boolean notValid = c.has("not", "valid");
                if (notValid && name != null) {
                  notValidHere.add(t.table() + "." + name);
                }
                String column = Ddl.notNullCheckColumn(c);
                if (column != null) {
                  schema.notNullCheckAdded(t.table(), name, column, !notValid);
                }
              });
      if (action.startsWith("validate", "constraint")) {
        schema.validated(t.table(), action.nameAt(2));
      }
    }
  }
}
