package dev.dbmigrate.testing;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A fresh database of one engine for one test class: what {@link PostgresDatabase} and {@link
 * MariaDbDatabase} share, so one suite can run against both.
 */
public interface TestDatabase {

  /** "PostgreSQL" or "MariaDB", for test names and messages. */
  String engine();

  /** JDBC URL of the fresh database. */
  String url();

  String user();

  /** The password, or an empty string when the server needs none. */
  String password();

  /** Name of the fresh database. */
  String name();

  String host();

  int port();

  /** A new connection to the fresh database; the caller closes it. */
  Connection connect() throws SQLException;

  /** A DataSource that opens a new connection to the fresh database per request. */
  DataSource dataSource();

  /** Runs one statement on its own connection. */
  void execute(String sql) throws SQLException;

  /** First column of the first row, or null when there is no row. */
  Object scalar(String sql) throws SQLException;

  <T> T query(String sql, ResultSetFunction<T> reader) throws SQLException;

  /** Drops every table (and view) of the fresh database, so a test starts from nothing. */
  void clear() throws SQLException;
}
