package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class SourceChecksumTest {

  private static final String ORIGINAL =
      """
      package db.migration;

      import dev.dbmigrate.engine.Migration;
      import org.jooq.DSLContext;

      public class M20261124160632_CreateUsers implements Migration {
        @Override
        public void up(DSLContext db) {
          db.execute("create table users (id bigint primary key, name text)");
        }

        @Override
        public void down(DSLContext db) {
          db.execute("drop table users");
        }
      }
      """;

  @Test
  void formatting_only_edit_keeps_the_checksum() {
    String reformatted =
        """
        package db.migration;
        import dev.dbmigrate.engine.Migration;
        import org.jooq.DSLContext;
        public class M20261124160632_CreateUsers implements Migration
        {
            @Override public void up( DSLContext db )
            {
                db.execute( "create table users (id bigint primary key, name text)" );
            }
            @Override public void down(DSLContext db) { db.execute("drop table users"); }
        }
        """;
    assertEquals(SourceChecksum.of(ORIGINAL), SourceChecksum.of(reformatted));
  }

  @Test
  void comment_only_edit_keeps_the_checksum() {
    String commented =
        ORIGINAL
            .replace("public class", "/** Users, see ticket 42. */\npublic class")
            .replace("db.execute(\"drop", "// reverts up\n    db.execute(\"drop");
    assertEquals(SourceChecksum.of(ORIGINAL), SourceChecksum.of(commented));
  }

  @Test
  void reordered_imports_keep_the_checksum() {
    String reordered =
        ORIGINAL.replace(
            "import dev.dbmigrate.engine.Migration;\nimport org.jooq.DSLContext;",
            "import org.jooq.DSLContext;\nimport dev.dbmigrate.engine.Migration;");
    assertNotEquals(ORIGINAL, reordered);
    assertEquals(SourceChecksum.of(ORIGINAL), SourceChecksum.of(reordered));
  }

  @Test
  void changed_sql_changes_the_checksum() {
    String edited = ORIGINAL.replace("name text", "name varchar(100)");
    assertNotEquals(SourceChecksum.of(ORIGINAL), SourceChecksum.of(edited));
  }

  @Test
  void changed_whitespace_inside_a_string_changes_the_checksum() {
    String edited = ORIGINAL.replace("\"drop table users\"", "\"drop  table users\"");
    assertNotEquals(SourceChecksum.of(ORIGINAL), SourceChecksum.of(edited));
  }

  @Test
  void text_block_reindented_keeps_the_checksum_but_new_content_does_not() {
    String a = "class A { String s = \"\"\"\n    create table t (\n      id int)\n    \"\"\"; }";
    String b =
        "class A {\n  String s = \"\"\"\n          create table t (\n            id int)\n          \"\"\";\n}";
    String c = "class A { String s = \"\"\"\n    create table t (\n      id bigint)\n    \"\"\"; }";
    assertEquals(SourceChecksum.of(a), SourceChecksum.of(b));
    assertNotEquals(SourceChecksum.of(a), SourceChecksum.of(c));
  }

  @Test
  void comment_markers_inside_strings_are_part_of_the_string() {
    String a = "class A { String s = \"a // b\"; }";
    String b = "class A { String s = \"a // c\"; }";
    assertNotEquals(SourceChecksum.of(a), SourceChecksum.of(b));
  }

  @Test
  void token_boundaries_count() {
    assertNotEquals(
        SourceChecksum.of("class A { int ab; }"), SourceChecksum.of("class A { int a b; }"));
  }

  @Test
  void checksum_is_lowercase_hex_sha256() {
    assertEquals(64, SourceChecksum.of(ORIGINAL).length());
    assertEquals(SourceChecksum.of(ORIGINAL), SourceChecksum.of(ORIGINAL).toLowerCase(Locale.ROOT));
  }
}
