package dev.dbmigrate.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The reference point for start-up cost: a plain JDBC program that connects and runs one query.
 * Arguments: url user password.
 */
public final class JdbcBaseline {

  private JdbcBaseline() {}

  public static void main(String[] args) throws Exception {
    try (Connection c =
            DriverManager.getConnection(args[0], args[1], args.length > 2 ? args[2] : null);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from pg_class")) {
      rs.next();
      System.out.println(rs.getLong(1));
    }
  }
}
