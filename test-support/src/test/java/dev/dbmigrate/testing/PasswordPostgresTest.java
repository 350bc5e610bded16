package dev.dbmigrate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class PasswordPostgresTest {

  static final String ROLE = "dbm_pw_test_app";
  static volatile String firstName;
  static volatile int firstPort;

  @Test
  void unusableBeforeBeforeAll() {
    PasswordPostgres pg = new PasswordPostgres();
    IllegalStateException e = assertThrows(IllegalStateException.class, pg::url);
    assertTrue(e.getMessage().contains("@RegisterExtension"), e.getMessage());
    assertThrows(IllegalStateException.class, pg::connect);
  }

  @Nested
  @Order(1)
  class Passwords {

    @RegisterExtension static final PasswordPostgres pg = new PasswordPostgres();

    @Test
    void rightPasswordIsAccepted() throws SQLException {
      assertFalse(pg.password().isEmpty());
      try (Connection c = DriverManager.getConnection(pg.url(), pg.user(), pg.password())) {
        assertEquals(
            pg.name(), Databases.query(c, "select current_database()", Databases::firstValue));
      }
      assertEquals("scram-sha-256", pg.scalar("show password_encryption"));
      assertTrue(pg.name().matches("dbm_pw_passwords_[0-9a-f]{8}"), pg.name());
      firstName = pg.name();
      firstPort = pg.port();
    }

    @Test
    void wrongPasswordIsRejectedWith28P01() {
      SQLException e =
          assertThrows(
              SQLException.class,
              () -> DriverManager.getConnection(pg.url(), pg.user(), pg.password() + "x").close());
      assertEquals("28P01", e.getSQLState(), e.getMessage());
    }

    @Test
    void createdRoleLogsInOnlyWithItsPassword() throws SQLException {
      pg.createRole(ROLE, "s3cret'\\pw");
      try (Connection c = DriverManager.getConnection(pg.url(), ROLE, "s3cret'\\pw")) {
        Databases.execute(c, "create table owned_by_role (id int)");
        assertEquals(ROLE, Databases.query(c, "select current_user", Databases::firstValue));
      }
      SQLException e =
          assertThrows(
              SQLException.class,
              () -> DriverManager.getConnection(pg.url(), ROLE, "s3cret").close());
      assertEquals("28P01", e.getSQLState(), e.getMessage());
    }
  }

  @Nested
  @Order(2)
  class CleanedUp {

    @RegisterExtension static final PasswordPostgres pg = new PasswordPostgres();

    @Test
    void previousDatabaseAndRoleAreGone() throws SQLException {
      assertNotNull(firstName, "Passwords must have run first");
      assertNotEquals(firstName, pg.name());
      assertEquals(firstPort, pg.port(), "one server per JVM, one database per class");
      assertEquals(
          0L, pg.scalar("select count(*) from pg_database where datname = '" + firstName + "'"));
      assertEquals(0L, pg.scalar("select count(*) from pg_roles where rolname = '" + ROLE + "'"));
    }
  }
}
