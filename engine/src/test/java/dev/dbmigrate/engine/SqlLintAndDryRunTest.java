package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.engine.lint.Finding;
import dev.dbmigrate.engine.lint.LintResult;
import dev.dbmigrate.engine.lint.LintedMigration;
import dev.dbmigrate.engine.lint.Linter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lint and the offline dry run read a SQL migration's statements as a run sends them. */
class SqlLintAndDryRunTest {

  @TempDir Path dir;

  private MigrationSource source() throws Exception {
    Files.writeString(
        dir.resolve("20260101000000_Orders.up.sql"),
        """
        CREATE TABLE orders (id int, status text);
        COMMENT ON TABLE orders IS $$it's {0}?$$;
        """);
    Files.writeString(
        dir.resolve("20260102000000_Index.up.sql"),
        """
        -- An index on a table that exists.

        CREATE INDEX orders_status
          ON orders (status);
        COPY orders (id) FROM stdin;
        1
        \\.
        """);
    TestMigrations java =
        new TestMigrations()
            .add("20260103000000_Templated", db -> db.execute("select 1"), db -> {})
            .add("20260104000000_Raw", db -> Sql.execute(db, "select 1"), db -> {});
    return MigrationSource.concat(List.of(new SqlFileMigrationSource(List.of(dir)), java));
  }

  @Test
  void findings_of_a_sql_file_point_at_the_line_of_the_statement() throws Exception {
    LintResult result = new Linter(MigratorConfig.defaults()).lintEach(source());
    LintedMigration index = result.migrations().get(1);
    assertTrue(index.origin().endsWith("20260102000000_Index.up.sql"), index.origin());
    Finding pg001 = index.findings().get(0);
    assertEquals("PG001", pg001.rule());
    assertEquals(3, pg001.line());
    assertEquals("CREATE INDEX orders_status\n  ON orders (status)", pg001.statement());
  }

  @Test
  void db_execute_with_a_string_gets_a_warning_and_sql_execute_does_not() throws Exception {
    LintResult result = new Linter(MigratorConfig.defaults()).lintEach(source());
    List<String> templated =
        result.migrations().get(2).findings().stream().map(Finding::rule).toList();
    assertEquals(List.of("PG019"), templated);
    assertTrue(result.migrations().get(3).findings().isEmpty());
    assertTrue(result.migrations().get(0).findings().isEmpty(), "new table: nothing to warn of");
  }

  @Test
  void the_offline_dry_run_shows_each_statement_of_a_sql_file() throws Exception {
    DryRunResult plan = DryRun.offline(source(), MigratorConfig.defaults()).latest();
    PlannedMigration first = plan.migrations().get(0);
    List<String> sql =
        first.statements().stream()
            .filter(s -> s.kind() == PlannedStatement.Kind.MIGRATION)
            .map(PlannedStatement::sql)
            .toList();
    assertEquals(
        List.of(
            "CREATE TABLE orders (id int, status text)",
            "COMMENT ON TABLE orders IS $$it's {0}?$$"),
        sql);
    assertTrue(first.transactional());
    assertFalse(plan.migrations().get(1).statements().isEmpty());
  }
}
