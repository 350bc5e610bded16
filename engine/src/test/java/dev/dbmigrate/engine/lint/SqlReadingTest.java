package dev.dbmigrate.engine.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The linter reads what a statement does, not how it is spelled. */
class SqlReadingTest {

  private static Clause one(String sql) {
    List<Clause> statements = Clause.statements(sql);
    assertEquals(1, statements.size(), () -> "statements of " + sql);
    return statements.get(0);
  }

  @Test
  void case_whitespace_comments_and_quoted_identifiers_do_not_change_the_reading() {
    for (String sql :
        List.of(
            "create index i on orders (c)",
            "CREATE   INDEX\n\tI ON Orders(C)",
            "create /* a comment */ index -- another\n i on public.orders (c)",
            "create index \"i\" on \"public\".\"orders\"(\"c\")",
            "create /* nested /* comments */ too */ index i on only orders using btree (c)")) {
      Ddl.CreateIndex index = Ddl.createIndex(one(sql)).orElseThrow();
      assertEquals("orders", index.table(), sql);
      assertFalse(index.concurrently(), sql);
    }
    assertTrue(
        Ddl.createIndex(one("create index CONCURRENTLY i on t (c)")).orElseThrow().concurrently());
  }

  @Test
  void a_quoted_identifier_keeps_its_case_as_postgresql_does() {
    assertEquals(
        "Orders", Ddl.createIndex(one("create index i on \"Orders\" (c)")).orElseThrow().table());
    assertEquals(
        "orders", Ddl.createIndex(one("create index i on ORDERS (c)")).orElseThrow().table());
  }

  @Test
  void semicolons_in_strings_dollar_quotes_and_comments_do_not_split_statements() {
    List<String> statements =
        SqlStatements.split(
            "do $$ begin perform 1; end $$; insert into t values ('a;b', E'it\\'s;'); -- x; y\n"
                + "comment on table t is $body$ one; two $body$;");
    assertEquals(3, statements.size(), statements::toString);
    assertTrue(statements.get(1).startsWith("insert"), statements::toString);
  }

  @Test
  void words_inside_strings_and_parentheses_are_not_keywords() {
    Clause s = one("alter table t add constraint c check (note <> 'not valid')");
    Clause constraint =
        Ddl.addedConstraint(Ddl.alterTable(s).orElseThrow().actions().get(0)).orElseThrow();
    assertFalse(constraint.has("not", "valid"));
    assertTrue(one("alter table t add constraint c check (x > 0) NOT VALID").has("not", "valid"));
  }

  @Test
  void column_types_are_read_with_their_words_and_without_their_modifiers() {
    Ddl.CreateTable t =
        Ddl.createTable(
                one(
                    "create table if not exists s.e (id bigint generated always"
                        + " as identity primary key, at timestamp(6) with time zone not null default now(),"
                        + " d double precision, v character varying(20), doc json, constraint e_u unique (d))"))
            .orElseThrow();
    assertEquals("e", t.table());
    assertEquals(
        List.of("id", "at", "d", "v", "doc"), t.columns().stream().map(ColumnDef::name).toList());
    assertEquals("timestamp with time zone", t.columns().get(1).typeName());
    assertFalse(t.columns().get(1).isTimestampWithoutTimeZone());
    assertTrue(t.columns().get(0).isIdentity() && t.columns().get(0).isPrimaryKey());
    assertEquals("character varying", t.columns().get(3).typeName());
    assertTrue(t.columns().get(3).typeModifier());
    assertTrue(t.columns().get(4).isJson());
  }

  @Test
  void queries_and_returning_clauses_return_rows() {
    assertTrue(SqlStatements.returnsRows("SELECT 1"));
    assertTrue(SqlStatements.returnsRows("with x as (select 1) select * from x"));
    assertTrue(SqlStatements.returnsRows("insert into t values (1) returning id"));
    assertFalse(SqlStatements.returnsRows("insert into t values ('returning')"));
    assertFalse(SqlStatements.returnsRows("create table t (id int)"));
  }
}
