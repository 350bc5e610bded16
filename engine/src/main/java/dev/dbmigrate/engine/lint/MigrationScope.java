package dev.dbmigrate.engine.lint;

import java.util.HashSet;
import java.util.Set;

/**
 * What the rules know about the migration around a statement: whether it runs in a transaction, and
 * which tables and indexes it created before this statement. A table created earlier in the same
 * migration is new and empty, and nobody else uses it yet, so locking it harms nobody.
 */
final class MigrationScope {

  private final boolean transactional;
  private final boolean lockTimeoutOff;
  private final Set<String> newTables = new HashSet<>();
  private final Set<String> newIndexes = new HashSet<>();
  private boolean lockedBefore;

  MigrationScope(boolean transactional, boolean lockTimeoutOff) {
    this.transactional = transactional;
    this.lockTimeoutOff = lockTimeoutOff;
  }

  boolean transactional() {
    return transactional;
  }

  /** Whether the configured lock timeout is 0, so dbmigrate sets no limit on lock waits. */
  boolean lockTimeoutOff() {
    return lockTimeoutOff;
  }

  /** A table that exists before this migration, so others may be using it. */
  boolean existing(String table) {
    return table != null && !newTables.contains(table);
  }

  boolean existingIndex(String index) {
    return index != null && !newIndexes.contains(index);
  }

  /** Whether an earlier statement of this migration took a table lock. */
  boolean lockedBefore() {
    return lockedBefore;
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

  /** Remembers what {@code s} created, once the rules have looked at it. */
  void after(Clause s) {
    lockedBefore |= locks(s);
    Ddl.createTable(s).ifPresent(t -> newTables.add(t.table()));
    Ddl.createIndex(s).ifPresent(i -> newIndexes.add(i.index()));
    Ddl.alterTable(s)
        .ifPresent(
            t -> {
              for (Clause action : t.actions()) {
                if (!existing(t.table()) && action.startsWith("rename", "to")) {
                  newTables.add(action.nameAt(2));
                }
              }
            });
  }
}
