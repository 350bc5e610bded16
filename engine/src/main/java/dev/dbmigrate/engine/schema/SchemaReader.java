package dev.dbmigrate.engine.schema;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Reads a {@link Schema} snapshot from a database's catalog. An implementation knows one database
 * engine; it reads only, in as few round trips as it can, and leaves the connection as it found it.
 * Two databases built by the same statements must give equal snapshots, whatever their names,
 * owners' object ids or creation order.
 */
public interface SchemaReader {

  /**
   * The schema as the connection's user sees it, without the excluded table (dbmigrate's history).
   */
  Schema read(Connection connection) throws SQLException;
}
