package dev.dbmigrate.cli.db;

import dev.dbmigrate.engine.ConnectionSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The data source of a command run with {@code --offline}: it never connects. Commands that run
 * offline do not ask it for a connection; if one ever did, it fails instead of reaching a server.
 */
public final class NoDatabase implements ConnectionSource {

  @Override
  public Connection getConnection() throws SQLException {
    throw new SQLException("--offline: this command was asked to use no database", "08001");
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return getConnection();
  }
}
