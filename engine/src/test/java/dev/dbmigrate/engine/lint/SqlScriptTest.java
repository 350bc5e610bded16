package dev.dbmigrate.engine.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A SQL file is cut where psql cuts it, and read the same whatever its layout. */
class SqlScriptTest {

  private static List<String> texts(String sql) {
    return SqlScript.parse(sql, "f.sql").statements().stream()
        .map(SqlScript.Statement::text)
        .toList();
  }

  @Test
  void semicolons_inside_quotes_comments_parentheses_and_bodies_do_not_cut() {
    String sql =
        """
        select 'a;b', E'it\\'s; here', "we;ird", $$x; y$$, $tag$ $$; $tag$; -- c; d
        /* outer /* inner; */ still; */ create rule r as on delete to t do (delete from u; delete from v);
        create function f() returns int language sql
        begin atomic
          select 1;
          select case when true then 2 end;
        end;
        select 3""";
    List<String> statements = texts(sql);
    assertEquals(4, statements.size(), statements::toString);
    assertTrue(statements.get(0).endsWith("$tag$ $$; $tag$"));
    assertTrue(statements.get(1).startsWith("create rule"), "comments before a statement dropped");
    assertTrue(statements.get(2).endsWith("end"), statements.get(2));
    assertEquals("select 3", statements.get(3), "the last statement needs no semicolon");
  }

  @Test
  void each_statement_knows_its_line_and_stray_semicolons_are_dropped() {
    SqlScript script = SqlScript.parse("\n-- head\nselect 1;;\n\n  select\n 2;\n", "f.sql");
    assertEquals(
        List.of(3, 5), script.statements().stream().map(SqlScript.Statement::line).toList());
    assertEquals("select\n 2", script.statements().get(1).text());
  }

  @Test
  void copy_from_stdin_takes_its_data_up_to_the_end_line() {
    SqlScript script =
        SqlScript.parse(
            "COPY t (a, b) FROM stdin;\n1\tit's; \\N\n2\t$$\n\\.\nselect 'after';\n", "f.sql");
    assertEquals(2, script.statements().size());
    SqlScript.Statement copy = script.statements().get(0);
    assertEquals("COPY t (a, b) FROM stdin", copy.text());
    assertEquals("1\tit's; \\N\n2\t$$\n", copy.copyData());
    assertNull(script.statements().get(1).copyData());
    assertEquals(5, script.statements().get(1).line());
    MigrationException e =
        assertThrows(
            MigrationException.class, () -> SqlScript.parse("copy t from stdin;\n1\n", "f.sql"));
    assertTrue(e.getMessage().startsWith("f.sql:1: COPY ... FROM stdin has no line"));
  }

  @Test
  void psql_meta_commands_and_transaction_statements_are_refused_naming_the_line() {
    MigrationException meta =
        assertThrows(
            MigrationException.class,
            () -> SqlScript.parse("select 1;\n\\connect other\nselect 2;", "f.sql"));
    assertEquals(ErrorCode.INVALID_MIGRATIONS, meta.code());
    assertTrue(meta.getMessage().startsWith("f.sql:2: '\\connect other' is a psql meta-command"));
    for (String tx : List.of("begin;", "COMMIT", "start transaction;", "rollback;", "end;")) {
      assertThrows(MigrationException.class, () -> SqlScript.parse(tx, "f.sql"), tx);
    }
    assertEquals(1, texts("rollback to savepoint s").size());
    assertEquals(1, texts("select '\\connect'").size(), "a backslash in a string is data");
  }

  @Test
  void the_checksum_ignores_layout_and_comments_but_not_what_is_inside_literals() {
    String a = SqlScript.parse("create table t (a text default 'x  y');", "f").checksum();
    assertEquals(
        a,
        SqlScript.parse("-- why\ncreate   table t\n(\n  a text /* c */ default 'x  y'\n)", "f")
            .checksum());
    assertNotEquals(a, SqlScript.parse("create table t (a text default 'x y');", "f").checksum());
    assertNotEquals(
        SqlScript.parse("select $$a  b$$", "f").checksum(),
        SqlScript.parse("select $$a b$$", "f").checksum());
    SqlScript marked = SqlScript.parse("-- dbmigrate:no-transaction\nselect 1", "f");
    assertTrue(marked.noTransaction());
    assertFalse(SqlScript.parse("select 1 -- dbmigrate:no-transaction", "f").noTransaction());
    assertNotEquals(marked.checksum(), SqlScript.parse("select 1", "f").checksum());
  }
}
