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
import java.time.Instant;
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
    return read(c, qualified, backendColumn, null);
  }

  /**
   * As {@link #read(Connection, String, String)}, with the time of each row from {@code
   * appliedAtMicros}, an expression of the engine's that gives it as microseconds since the epoch:
   * a number the driver reads far faster than a timestamp, which on a run over a thousand applied
   * migrations is a measurable part of reading the history. Null reads the column as a timestamp.
   */
  static List<AppliedMigration> read(
      Connection c, String qualified, String backendColumn, String appliedAtMicros)
      throws SQLException {
    List<AppliedMigration> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select name, batch, "
                    + (appliedAtMicros == null ? "applied_at" : appliedAtMicros)
                    + ", execution_ms, applied_by, checksum, status, "
                    + backendColumn
                    + " from "
                    + qualified
                    + " order by batch, name")) {
      while (rs.next()) {
        Instant at;
        if (appliedAtMicros == null) {
          Timestamp t = rs.getTimestamp(3);
          at = t == null ? null : t.toInstant();
        } else {
          long micros = rs.getLong(3);
          at =
              rs.wasNull()
                  ? null
                  : Instant.ofEpochSecond(
                      Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000);
        }
        rows.add(
            new AppliedMigration(
                rs.getString(1),
                rs.getInt(2),
                at,
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
