package dev.dbmigrate.engine.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.engine.MigratorConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PG008 judges a type change against the column's old type when the SQL read so far defined it:
 * PostgreSQL rewrites nothing for a binary-coercible change or a loosened limit.
 */
class LintTypeChangeTest {

  private static final String TABLE =
      "create table t (id bigint primary key, name varchar(100), code varchar, body text,"
          + " price numeric(10, 2), whole numeric, at timestamptz(3), n int, tags varchar(20)[],"
          + " flag char(3))";

  private static boolean pg008(String alter) {
    return new Linter(MigratorConfig.defaults())
        .knowing(TABLE).lintText("m", alter, true).findings().stream()
            .anyMatch(f -> f.rule().equals("PG008"));
  }

  @Test
  void changes_that_keep_every_stored_value_as_it_is_are_not_reported() {
    for (String change :
        List.of(
            "alter column name type varchar(200)",
            "alter column name type varchar(100)",
            "alter column name type character varying(255)",
            "alter column name type text",
            "alter column name type varchar",
            "alter column code type text",
            "alter column body type varchar",
            "alter column price type numeric(12, 2)",
            "alter column price type decimal(10,2)",
            "alter column price type numeric",
            "alter column at type timestamptz(6)",
            "alter column at type timestamp with time zone",
            "alter column tags type varchar(40)[]",
            "alter column n type int4")) {
      assertFalse(pg008("alter table t " + change), change);
    }
  }

  @Test
  void changes_that_rewrite_the_table_are_reported() {
    for (String change :
        List.of(
            "alter column name type varchar(50)",
            "alter column body type varchar(200)",
            "alter column code type varchar(10)",
            "alter column price type numeric(12, 3)",
            "alter column price type numeric(8, 2)",
            "alter column whole type numeric(20, 2)",
            "alter column at type timestamptz(0)",
            "alter column n type bigint",
            "alter column n type text",
            "alter column flag type char(10)",
            "alter column tags type text",
            "alter column name type varchar(200) using name::varchar(200)",
            "alter column body type text collate \"C\"")) {
      assertTrue(pg008("alter table t " + change), change);
    }
  }

  @Test
  void the_old_type_follows_renames_retypes_and_earlier_migrations_of_the_set() {
    assertFalse(
        pg008(
            "alter table t rename column name to title; alter table t rename to u;"
                + " alter table u alter column title type varchar(300)"));
    assertTrue(
        pg008(
            "alter table t alter column name type varchar(300);"
                + " alter table t alter column name type varchar(200)"));
    assertTrue(
        pg008(
            "alter table t drop column name; alter table t add column name int;"
                + " alter table t alter column name type bigint"));
  }

  @Test
  void without_the_old_type_only_text_and_unlimited_varchar_count_as_free() {
    Linter blind = new Linter(MigratorConfig.defaults());
    assertEquals(
        List.of("PG008"),
        blind
            .lintText("m", "alter table t alter column name type varchar(200)", true)
            .findings()
            .stream()
            .map(Finding::rule)
            .filter(r -> r.equals("PG008"))
            .toList());
    assertTrue(
        blind.lintText("m", "alter table t alter column name type text", true).findings().stream()
            .noneMatch(f -> f.rule().equals("PG008")));
  }

  @Test
  void each_migration_judged_on_its_own_still_knows_the_types_earlier_ones_gave() {
    SchemaState first = new SchemaState();
    Clause.statements(TABLE).forEach(first::learnColumns);
    SchemaState next = first.settled();
    assertFalse(next.isNewTable("t"));
    assertEquals(List.of("100"), next.column("t", "name").modifiers());
  }
}
