package dev.dbmigrate.engine.lint;

import java.util.List;
import java.util.Optional;

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

  /**
   * The first statement of {@code sql} that begins, ends or abandons a transaction ({@code BEGIN},
   * {@code START TRANSACTION}, {@code COMMIT}, {@code END}, {@code ROLLBACK}, {@code ABORT}), as
   * written; {@code ROLLBACK TO} a savepoint and {@code PREPARE TRANSACTION} aside, since the first
   * keeps the transaction and the second is refused by the server outside a prepared setup.
   */
  public static Optional<String> transactionControl(String sql) {
    return Clause.statements(sql).stream()
        .filter(SqlStatements::isTransactionControl)
        .map(Clause::text)
        .findFirst();
  }

  static boolean isTransactionControl(Clause s) {
    return s.startsWith("begin")
        || s.startsWith("start", "transaction")
        || (s.startsWith("commit") && !s.startsWith("commit", "prepared"))
        || s.startsWith("end")
        || s.startsWith("abort")
        || (s.startsWith("rollback")
            && !s.startsWith("rollback", "to")
            && !s.startsWith("rollback", "transaction", "to")
            && !s.startsWith("rollback", "work", "to")
            && !s.startsWith("rollback", "prepared"));
  }
}
