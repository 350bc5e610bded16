package dev.dbmigrate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * JUnit calls the outer class's callbacks for @Nested classes too; they must share one database.
 */
class PostgresDatabaseNestingTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  static String outerName;

  @Test
  void outer() throws SQLException {
    db.execute("create table if not exists shared (x int)");
    outerName = db.name();
    assertEquals(db.name(), db.scalar("select current_database()"));
  }

  @Nested
  class Inner {
    @Test
    void seesTheOuterDatabase() throws SQLException {
      assertEquals(
          "dbm_postgresdatabasenestingtest_", db.name().substring(0, db.name().length() - 8));
      assertEquals(db.name(), db.scalar("select current_database()"));
      db.execute("create table if not exists shared (x int)");
    }
  }

  @Nested
  class AfterInner {
    @Test
    void databaseSurvivedTheOtherNestedClass() throws SQLException {
      assertEquals("shared", db.scalar("select to_regclass('public.shared')::text"));
    }
  }
}
