package dev.dbmigrate.engine.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigratorConfig;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What the linter's options and the migration's own statements change: the target version, the
 * optional rules, a lock_timeout the migration sets itself, and statements it cannot classify.
 */
class LintOptionsTest {

  private static Set<String> rules(LintedMigration m) {
    Set<String> ids = new TreeSet<>();
    m.findings().forEach(f -> ids.add(f.rule()));
    return ids;
  }

  private static LintedMigration lint(LintOptions options, String sql) {
    return new Linter(MigratorConfig.defaults(), options, 0).lintText("t", sql, true);
  }

  @Test
  void the_target_version_decides_the_verdicts_that_depend_on_it() {
    String sql =
        "reindex index orders_pkey; alter table events detach partition events_2025;"
            + " alter table orders add column region text not null default 'eu'";
    assertEquals(Set.of("PG028", "PG029"), rules(lint(LintOptions.defaults(), sql)));
    assertEquals(Set.of("PG028"), rules(lint(new LintOptions(13, Set.of()), sql)));
    // Before 12 there is no REINDEX CONCURRENTLY to advise, and before 11 nothing else changes.
    assertEquals(Set.of(), rules(lint(new LintOptions(11, Set.of()), sql)));
  }

  @Test
  void set_not_null_after_a_validated_check_needs_postgresql_12() {
    String sql =
        "alter table accounts add constraint name_nn check (name is not null) not valid;"
            + " alter table accounts validate constraint name_nn;"
            + " alter table accounts alter column name set not null";
    Set<String> on12 = rules(lint(new LintOptions(12, Set.of()), sql));
    assertFalse(on12.contains("PG006"), on12::toString);
    assertTrue(on12.contains("PG039"), "validated in the same transaction");
    assertTrue(rules(lint(new LintOptions(11, Set.of()), sql)).contains("PG006"));
  }

  @Test
  void the_server_version_is_used_unless_one_is_given() {
    assertEquals(
        15, new Linter(MigratorConfig.defaults(), LintOptions.defaults(), 15).targetVersion());
    assertEquals(
        18, new Linter(MigratorConfig.defaults(), LintOptions.defaults(), 0).targetVersion());
    assertEquals(
        13,
        new Linter(MigratorConfig.defaults(), new LintOptions(13, Set.of()), 16).targetVersion());
  }

  @Test
  void a_version_lint_does_not_know_and_a_rule_that_is_not_optional_are_refused() {
    MigrationException version =
        assertThrows(MigrationException.class, () -> new LintOptions(9, Set.of()));
    assertEquals(ErrorCode.CONFIGURATION, version.code());
    assertTrue(version.getMessage().contains("from 11 to 18"), version::getMessage);
    MigrationException rule =
        assertThrows(MigrationException.class, () -> new LintOptions(0, Set.of("PG001")));
    assertTrue(rule.getMessage().contains("optional ones are PG032"), rule::getMessage);
  }

  @Test
  void the_optional_schema_rule_runs_only_when_included() {
    String sql = "create table audit (id bigint primary key); create table app.audit2 (id bigint)";
    assertEquals(Set.of(), rules(lint(LintOptions.defaults(), sql)));
    LintedMigration on = lint(new LintOptions(0, Set.of("PG032")), sql);
    assertEquals(1, on.findings().size(), on::toString);
    assertTrue(on.findings().get(0).statement().startsWith("create table audit "));
  }

  @Test
  void a_lock_timeout_the_migration_sets_itself_answers_pg012() {
    MigratorConfig off =
        MigratorConfig.defaults()
            .withTimeouts(Duration.ofSeconds(60), Duration.ZERO, Duration.ofMinutes(30));
    Linter linter = new Linter(off, LintOptions.defaults(), 0);
    assertTrue(
        rules(linter.lintText("t", "alter table orders add column a text", true))
            .contains("PG012"));
    assertFalse(
        rules(
                linter.lintText(
                    "t",
                    "set local lock_timeout = '3s'; alter table orders add column a text",
                    true))
            .contains("PG012"));
  }

  @Test
  void statements_it_cannot_classify_are_counted_and_kept() {
    LintedMigration m =
        lint(
            LintOptions.defaults(),
            "do $$ begin execute format('drop table %I', 'x'); end $$; frobnicate the table;"
                + " alter table orders frobnicate; select 1");
    assertEquals(4, m.statements());
    assertEquals(3, m.unrecognised().size(), () -> m.unrecognised().toString());
    assertTrue(m.unrecognised().get(0).statement().startsWith("do $$"));
  }

  @Test
  void text_that_is_no_migration_is_read_without_refusing_anything() {
    LintedMigration m =
        lint(
            LintOptions.defaults(),
            "\\set ON_ERROR_STOP 1\nbegin; create index i on orders (note); commit;\n"
                + "select $x$ unterminated");
    assertTrue(rules(m).containsAll(Set.of("PG001", "PG033")), m::toString);
  }
}
