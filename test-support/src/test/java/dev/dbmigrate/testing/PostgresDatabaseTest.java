package dev.dbmigrate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real registrations, in order: the first scenario records its database, the second checks that it
 * is gone from pg_database once the first class has finished.
 */
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class PostgresDatabaseTest {

  static volatile String firstName;

  @Test
  void unusableBeforeBeforeAll() {
    PostgresDatabase db = new PostgresDatabase();
    IllegalStateException e = assertThrows(IllegalStateException.class, db::url);
    assertTrue(e.getMessage().contains("@RegisterExtension"), e.getMessage());
    assertThrows(IllegalStateException.class, db::connect);
    assertThrows(IllegalStateException.class, db::name);
  }

  @Nested
  @Order(1)
  class FirstScenario {

    @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

    @Test
    void givesAFreshEmptyDatabase() throws SQLException {
      assertEquals(db.name(), db.scalar("select current_database()"));
      assertTrue(db.name().matches("dbm_firstscenario_[0-9a-f]{8}"), db.name());
      assertEquals(
          0L,
          db.scalar(
              "select count(*) from pg_tables where schemaname not in ('pg_catalog', 'information_schema')"));
      assertTrue(db.url().endsWith("/" + db.name()), db.url());
      assertEquals(1L, countDatabases(db.adminUrl(), db.user(), db.password(), db.name()));

      db.execute("create table t (id int primary key)");
      try (Connection c = db.connect()) {
        c.createStatement().execute("insert into t values (1), (2)");
      }
      assertEquals(2L, db.scalar("select count(*) from t"));
      assertEquals(db.port(), ServerEndpoint.of(db.adminUrl(), "x", "").port());
      firstName = db.name();
    }
  }

  @Nested
  @Order(2)
  class SecondScenario {

    @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

    @Test
    void firstDatabaseWasDroppedAfterItsClass() throws SQLException {
      assertNotNull(firstName, "FirstScenario must have run first");
      assertNotEquals(firstName, db.name());
      assertEquals(0L, countDatabases(db.adminUrl(), db.user(), db.password(), firstName));
      assertEquals(1L, countDatabases(db.adminUrl(), db.user(), db.password(), db.name()));
      // fresh: the first scenario's table is not here
      assertEquals(null, db.scalar("select to_regclass('public.t')::text"));
    }
  }

  @AfterAll
  static void bothScenariosDropped() throws SQLException {
    if (firstName != null) {
      assertEquals(
          0L,
          countDatabases(
              PostgresServer.endpoint().adminUrl(),
              PostgresServer.endpoint().user(),
              PostgresServer.endpoint().password(),
              firstName));
    }
  }

  static long countDatabases(String adminUrl, String user, String password, String name)
      throws SQLException {
    try (Connection c = DriverManager.getConnection(adminUrl, user, password);
        PreparedStatement ps =
            c.prepareStatement("select count(*) from pg_database where datname = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
