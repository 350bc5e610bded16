package dev.dbmigrate.engine.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.engine.MigratorConfig;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** A DO block is linted by the SQL its PL/pgSQL body runs. */
class LintDoBlockTest {

  private static LintedMigration lint(String sql, boolean transactional) {
    return new Linter(MigratorConfig.defaults()).lintText("t", sql, transactional);
  }

  private static Set<String> rules(String sql) {
    Set<String> rules = new TreeSet<>();
    lint(sql, true).findings().forEach(f -> rules.add(f.rule()));
    return rules;
  }

  @Test
  void a_constant_string_a_do_block_executes_is_linted_like_the_statement_itself() {
    assertEquals(
        Set.of("PG001"),
        rules("do $$ begin execute 'create index orders_note on orders (note)'; end $$"));
    assertEquals(
        Set.of("PG001"),
        rules(
            "DO LANGUAGE plpgsql $body$ BEGIN EXECUTE 'create index i on ' || 'orders (note)'"
                + " ; END $body$;"));
    assertEquals(
        Set.of("PG001"),
        rules("do $$ begin execute 'create index i on orders (note) where note <> ''x'''; end $$"));
  }

  @Test
  void sql_written_in_the_body_is_linted_behind_if_declare_and_labels() {
    String body =
        "do $do$ declare n int; begin <<outer>> if not exists (select 1 from pg_indexes where"
            + " indexname = 'i') then create index i on orders (note); end if;"
            + " alter table accounts add constraint c check (plan <> '') ; end $do$";
    assertEquals(Set.of("PG001", "PG005"), rules(body));
  }

  @Test
  void what_the_body_runs_on_a_table_it_created_is_safe_and_the_table_stays_new() {
    assertEquals(
        Set.of(),
        rules(
            "do $$ begin execute 'create table t (id bigint primary key, note text)';"
                + " execute 'create index t_note on t (note)'; end $$;"
                + " create index t_note2 on t (note)"));
  }

  @Test
  void concurrently_inside_a_do_block_fails_even_in_a_migration_without_a_transaction() {
    Set<String> rules = new TreeSet<>();
    lint("do $$ begin execute 'create index concurrently i on orders (note)'; end $$", false)
        .findings()
        .forEach(f -> rules.add(f.rule()));
    assertTrue(rules.contains("PG003"), rules::toString);
  }

  @Test
  void a_block_that_builds_its_sql_at_run_time_is_listed_as_unchecked_and_a_constant_one_is_not() {
    LintedMigration dynamic =
        lint("do $$ begin execute format('create index i on %I (note)', 'orders'); end $$", true);
    assertEquals(1, dynamic.unrecognised().size());
    assertEquals(
        List.of("PG001"), dynamic.findings().stream().map(Finding::rule).toList(), "the template");
    LintedMigration constant =
        lint("do $$ begin execute 'create index i on orders (note)'; end $$", true);
    assertTrue(constant.unrecognised().isEmpty(), constant.unrecognised()::toString);
    assertEquals(1, constant.statements());
    LintedMigration otherLanguage = lint("do language plperl $$ print 1; $$", true);
    assertEquals(1, otherLanguage.unrecognised().size());
  }

  @Test
  void what_is_constant_in_sql_built_at_run_time_is_read_with_unknown_names_taken_as_existing() {
    assertEquals(
        Set.of("PG001"),
        rules(
            "do $$ declare p text; begin for p in select relname from pg_class loop"
                + " execute format('create index if not exists %I on %I (occurred_at)',"
                + " p || '_at', p); end loop; end $$"));
    assertEquals(
        Set.of("PG010"),
        rules("do $$ begin execute 'alter table orders drop column ' || quote_ident('x'); end $$"));
    assertEquals(
        Set.of(),
        rules(
            "do $$ begin execute format('comment on table orders is %L', 'it''s 100%% done');"
                + " end $$"));
  }

  @Test
  void a_table_created_by_sql_built_at_run_time_does_not_make_other_run_time_names_new() {
    assertEquals(
        Set.of("PG001"),
        rules(
            "do $$ begin execute format('create table %I (id bigint)', 'scratch');"
                + " execute format('create index i on %I (note)', 'orders'); end $$"));
  }

  @Test
  void plpgsql_control_words_and_raise_are_not_taken_for_sql() {
    LintedMigration m =
        lint(
            "do $$ begin raise notice 'drop table orders; %', 1; perform 1;"
                + " for r in select 1 loop null; end loop; end $$",
            true);
    assertFalse(m.findings().stream().anyMatch(f -> f.rule().equals("PG010")), m::toString);
    assertTrue(m.findings().isEmpty(), m.findings()::toString);
  }
}
