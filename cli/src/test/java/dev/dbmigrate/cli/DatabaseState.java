package dev.dbmigrate.cli;

import dev.dbmigrate.testing.PostgresDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Looks at a test database with SQL, independent of the CLI. */
final class DatabaseState {

  static final String HISTORY = "public.dbmigrate_migrations";

  private final PostgresDatabase db;

  DatabaseState(PostgresDatabase db) {
    this.db = db;
  }

  /** Empties the database between the tests of a class: everything lives in schema public. */
  void reset() throws SQLException {
    db.execute("drop schema if exists public cascade; create schema public");
  }

  boolean tableExists(String table) throws SQLException {
    return db.scalar("select to_regclass('public." + table + "')") != null;
  }

  boolean historyExists() throws SQLException {
    return tableExists("dbmigrate_migrations");
  }

  /** Names in the history table, by batch then name; empty when the table does not exist. */
  List<String> history() throws SQLException {
    return historyWhere("true");
  }

  /** Names in the history table with the given batch, by name. */
  List<String> batch(int batch) throws SQLException {
    return historyWhere("batch = " + batch);
  }

  private List<String> historyWhere(String condition) throws SQLException {
    if (!historyExists()) {
      return List.of();
    }
    return db.query(
        "select name from " + HISTORY + " where " + condition + " order by batch, name",
        rs -> {
          List<String> names = new ArrayList<>();
          while (rs.next()) {
            names.add(rs.getString(1));
          }
          return names;
        });
  }

  /** The single-column values of a query, as strings, in order. */
  List<String> column(String sql) throws SQLException {
    return db.query(
        sql,
        rs -> {
          List<String> values = new ArrayList<>();
          while (rs.next()) {
            values.add(rs.getString(1));
          }
          return values;
        });
  }
}
