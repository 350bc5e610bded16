package dev.dbmigrate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DatabasesTest {

  static final
  class AVeryLongTestClassNameThatGoesOnAndOnWellBeyondWhatPostgresAllowsInAnIdentifier {}

  @Test
  void namesAreShortLowercaseAndUnique() {
    Class<?> cls =
        AVeryLongTestClassNameThatGoesOnAndOnWellBeyondWhatPostgresAllowsInAnIdentifier.class;
    String a = Databases.freshName("dbm_", cls);
    String b = Databases.freshName("dbm_", cls);
    assertNotEquals(a, b);
    for (String name : new String[] {a, b, Databases.freshName("dbm_pw_", cls)}) {
      assertTrue(name.length() <= 63, name);
      assertTrue(name.matches("dbm_(pw_)?averylongtestclass[a-z0-9_]*_[0-9a-f]{8}"), name);
    }
    assertEquals(63, a.length());
    assertTrue(
        Databases.freshName("dbm_", new Object() {}.getClass())
            .matches("dbm_anonymous_[0-9a-f]{8}"));
  }

  @Test
  void urlForKeepsHostAndParameters() {
    ServerEndpoint s =
        ServerEndpoint.of("jdbc:postgresql://db.example:6543/postgres?sslmode=disable", "u", null);
    assertEquals("db.example", s.host());
    assertEquals(6543, s.port());
    assertEquals("", s.password());
    assertEquals("jdbc:postgresql://db.example:6543/dbm_x?sslmode=disable", s.urlFor("dbm_x"));
    assertEquals(
        "jdbc:postgresql://h/dbm_x",
        ServerEndpoint.of("jdbc:postgresql://h/", "u", "").urlFor("dbm_x"));
    assertEquals(5432, ServerEndpoint.of("jdbc:postgresql://h/", "u", "").port());
  }

  @Test
  void quoting() {
    assertEquals("\"a\"\"b\"", Databases.quoteIdentifier("a\"b"));
    assertEquals("E'it''s \\\\ ok'", Databases.quoteLiteral("it's \\ ok"));
  }
}
