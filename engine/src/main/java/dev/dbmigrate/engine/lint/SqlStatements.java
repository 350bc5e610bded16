package dev.dbmigrate.engine.lint;

import java.util.List;

/** SQL text read the way the linter reads it, for the dry run and for tests. */
public final class SqlStatements {

  private SqlStatements() {}

  /** The statements of {@code sql} as written, split at top-level semicolons. */
  public static List<String> split(String sql) {
    return Clause.statements(sql).stream().map(Clause::text).toList();
  }

  /** Whether a statement of {@code sql} returns rows: a query, or a change with RETURNING. */
  public static boolean returnsRows(String sql) {
    return Clause.statements(sql).stream()
        .anyMatch(
            s ->
                s.startsWith("select")
                    || s.startsWith("with")
                    || s.startsWith("values")
                    || s.startsWith("table")
                    || s.startsWith("show")
                    || s.startsWith("explain")
                    || s.startsWith("fetch")
                    || s.has("returning"));
  }
}
