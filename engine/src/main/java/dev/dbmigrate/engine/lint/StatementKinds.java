package dev.dbmigrate.engine.lint;

import java.util.Set;

/**
 * Whether the linter knows what a statement is: a PostgreSQL command it recognises, and for ALTER
 * TABLE, actions it recognises. An unknown one gets no finding, so it is counted and listed (with
 * --verbose) rather than passed over in silence. A DO block is read through {@link DoBlock}: one
 * whose body EXECUTEs SQL built at run time stays among the unknown ones.
 */
final class StatementKinds {

  /** The first word of every PostgreSQL command (the SQL Commands chapter of its manual). */
  private static final Set<String> COMMANDS =
      Set.of(
          "abort",
          "alter",
          "analyze",
          "analyse",
          "begin",
          "call",
          "checkpoint",
          "close",
          "cluster",
          "comment",
          "commit",
          "copy",
          "create",
          "deallocate",
          "declare",
          "delete",
          "discard",
          "drop",
          "end",
          "execute",
          "explain",
          "fetch",
          "grant",
          "import",
          "insert",
          "listen",
          "load",
          "lock",
          "merge",
          "move",
          "notify",
          "prepare",
          "reassign",
          "refresh",
          "reindex",
          "release",
          "reset",
          "revoke",
          "rollback",
          "savepoint",
          "security",
          "select",
          "set",
          "show",
          "start",
          "table",
          "truncate",
          "unlisten",
          "update",
          "vacuum",
          "values",
          "with");

  /** The first word of every ALTER TABLE action. */
  private static final Set<String> ALTER_TABLE_ACTIONS =
      Set.of(
          "add",
          "drop",
          "alter",
          "rename",
          "set",
          "reset",
          "validate",
          "attach",
          "detach",
          "enable",
          "disable",
          "cluster",
          "inherit",
          "no",
          "owner",
          "replica",
          "of",
          "not",
          "force",
          "split",
          "merge");

  private StatementKinds() {}

  static boolean recognised(Clause s) {
    if (s.size() == 0
        || !COMMANDS.contains(s.get(0).text())
        || s.get(0).kind() != Token.Kind.WORD) {
      return false;
    }
    return Ddl.alterTable(s)
        .map(
            t ->
                t.actions().stream()
                    .allMatch(
                        a ->
                            a.get(0).kind() == Token.Kind.WORD
                                && ALTER_TABLE_ACTIONS.contains(a.get(0).text())))
        .orElse(!s.startsWith("alter", "table"));
  }
}
