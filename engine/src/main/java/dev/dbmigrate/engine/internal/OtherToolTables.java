package dev.dbmigrate.engine.internal;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.OtherToolTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Finding another tool's tables. Only reads: adoption never changes them. */
final class OtherToolTables {

  private OtherToolTables() {}

  /** {@code "schema"."table"}, with the connection's current schema when none is configured. */
  static String qualify(Connection c, OtherToolTable where, String table) throws SQLException {
    String schema = where.schema();
    if (schema == null) {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select current_schema()")) {
        rs.next();
        schema = rs.getString(1);
      }
      if (schema == null) {
        throw new MigrationException(
            ErrorCode.CONFIGURATION,
            "the connection has no current schema (no schema on its search_path exists), so the"
                + " other tool's table cannot be found; name its schema with --knex-schema or"
                + " --flyway-schema");
      }
    }
    return '"' + schema + "\".\"" + table + '"';
  }

  static boolean exists(Connection c, String qualified) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("select to_regclass(?) is not null")) {
      ps.setString(1, qualified);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** Refuses with a message naming the options when the tool's table is not where it is looked. */
  static void requireExists(Connection c, String qualified, String tool, String option)
      throws SQLException {
    if (!exists(c, qualified)) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          tool
              + "'s history table "
              + qualified
              + " does not exist in this database; check the database (--url) and the table's"
              + " name and schema ("
              + option
              + "-table, "
              + option
              + "-schema)");
    }
  }
}
