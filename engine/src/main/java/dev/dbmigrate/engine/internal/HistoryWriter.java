package dev.dbmigrate.engine.internal;

import dev.dbmigrate.engine.AppliedMigration;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.spi.HistoryWrite;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the rows of an adoption or a baseline: the history table (if absent) and every row in one
 * transaction on the locked connection, so a failure leaves no history at all.
 */
final class HistoryWriter {

  private HistoryWriter() {}

  static void writeAll(Session session, List<AppliedMigration> rows) {
    Connection c = session.control();
    try {
      c.setAutoCommit(false);
      Statements.runAll(c, session.adapter().prepareHistory(c));
      for (AppliedMigration row : rows) {
        Statements.run(c, session.adapter().write(new HistoryWrite.Recorded(row)));
      }
      c.commit();
      c.setAutoCommit(true);
    } catch (SQLException e) {
      throw session.failure(rolledBack(c, e));
    } catch (RuntimeException e) {
      throw rolledBack(c, e);
    }
  }

  /** Rolls back and leaves the connection as it was; a failure there is kept with the first. */
  private static <E extends Exception> E rolledBack(Connection c, E first) {
    try {
      c.rollback();
      c.setAutoCommit(true);
    } catch (SQLException second) {
      first.addSuppressed(second);
    }
    return first;
  }

  /**
   * Adoption and baseline only start a history. True when the history already holds exactly these
   * rows' names with the same status (the same adoption ran before, so running it again in every
   * deploy is safe); false when it is empty; otherwise refuses.
   */
  static boolean alreadyRecorded(
      Plan plan, List<AppliedMigration> rows, String historyTable, String command) {
    List<AppliedMigration> history = plan.history();
    if (history.isEmpty()) {
      return false;
    }
    Map<String, AppliedMigration> byName = new HashMap<>();
    history.forEach(r -> byName.put(r.name(), r));
    boolean same =
        !rows.isEmpty()
            && rows.stream()
                .allMatch(
                    r ->
                        byName.containsKey(r.name())
                            && byName.get(r.name()).status() == r.status());
    if (same) {
      return true;
    }
    throw exists(history.size(), historyTable, command);
  }

  /** Refuses to start a history where one is: the rows are there for a reason. */
  static void refuseExisting(Plan plan, String historyTable, String command) {
    if (!plan.history().isEmpty()) {
      throw exists(plan.history().size(), historyTable, command);
    }
  }

  private static MigrationException exists(int rows, String historyTable, String command) {
    return new MigrationException(
        ErrorCode.HISTORY_EXISTS,
        historyTable
            + " already holds "
            + rows
            + (rows == 1 ? " row" : " rows")
            + " ('dbmigrate status' shows them); "
            + command
            + " only starts a history on a database that has none. If that history is right,"
            + " there is nothing to "
            + command
            + "; if it is left over from a trial, drop "
            + historyTable
            + " and run again");
  }
}
