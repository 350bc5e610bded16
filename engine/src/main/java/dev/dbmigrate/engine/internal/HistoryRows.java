package dev.dbmigrate.engine.internal;

import dev.dbmigrate.engine.AppliedMigration;
import dev.dbmigrate.engine.HistoryStatus;
import dev.dbmigrate.engine.spi.DbStatement;
import dev.dbmigrate.engine.spi.HistoryWrite;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * The history table's SQL that is the same on every engine: reading the rows, and the updates that
 * name a row by its key. What differs (creating the table, inserts with the engine's own upsert and
 * session id) stays in each adapter.
 */
final class HistoryRows {
  private HistoryRows() {}

  /**
   * Every row in batch order, the backend read from {@code backendColumn} (a column, or {@code
   * null} for a table that has none yet).
   */
  static List<AppliedMigration> read(Connection c, String qualified, String backendColumn)
      throws SQLException {
    List<AppliedMigration> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select name, batch, applied_at, execution_ms, applied_by, checksum, status, "
                    + backendColumn
                    + " from "
                    + qualified
                    + " order by batch, name")) {
      while (rs.next()) {
        Timestamp at = rs.getTimestamp(3);
        rows.add(
            new AppliedMigration(
                rs.getString(1),
                rs.getInt(2),
                at == null ? null : at.toInstant(),
                rs.getLong(4),
                rs.getString(5),
                rs.getString(6),
                HistoryStatus.ofDbValue(rs.getString(7)),
                rs.getString(8)));
      }
    }
    return rows;
  }

  static DbStatement finish(String qualified, HistoryWrite.Finish f) {
    return DbStatement.of(
        "update " + qualified + " set status = ?, execution_ms = ? where name = ?",
        f.status().dbValue(),
        DbStatement.MEASURED,
        f.name());
  }

  static DbStatement updateChecksum(String qualified, HistoryWrite.UpdateChecksum u) {
    return DbStatement.of(
        "update " + qualified + " set checksum = ? where name = ?", u.checksum(), u.name());
  }

  static DbStatement markApplied(String qualified, HistoryWrite.MarkApplied m) {
    return DbStatement.of(
        "update " + qualified + " set status = 'applied' where name = ?", m.name());
  }
}
