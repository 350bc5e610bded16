package dev.dbmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.testing.PostgresDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQL migrations in a Maven-shaped project ({@code migrations/src/main/java} for classes, {@code
 * migrations/src/main/resources/db/migration} for SQL files) next to Java ones, through every
 * command that reads migrations.
 */
class SqlMigrationsCliTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  @TempDir Path tmp;
  CliRunner cli;
  Path javaDir;
  Path sqlDir;
  DatabaseState state = new DatabaseState(db);

  @BeforeEach
  void setUp() throws Exception {
    state.reset();
    javaDir = Files.createDirectories(tmp.resolve("project/migrations/src/main/java"));
    sqlDir = tmp.resolve("project/migrations/src/main/resources/db/migration");
    cli =
        CliRunner.forProject(db, tmp)
            .withEnv("DBMIGRATE_MIGRATIONS_DIR", javaDir.toString())
            .in(tmp.resolve("project"));
  }

  private void sql(String fileName, String text) throws Exception {
    Files.createDirectories(sqlDir);
    Files.writeString(sqlDir.resolve(fileName), text);
  }

  private void javaMigration() {
    new MigrationFiles(javaDir)
        .sql(
            "20260101000002",
            "JavaInTheMiddle",
            "insert into widgets (name) values ('from java')",
            "delete from widgets where name = 'from java'");
  }

  @Test
  void make_sql_writes_the_pair_beside_the_classes_and_prints_both_paths() throws Exception {
    Files.createDirectories(tmp.resolve("project"));
    CliRunner.Result r = cli.run("make", "--sql", "CreateWidgets").assertExit(0);
    List<String> lines = r.out().lines().filter(l -> l.startsWith("Created migration: ")).toList();
    assertEquals(2, lines.size(), r::toString);
    Path up = Path.of(lines.get(0).replace("Created migration: ", ""));
    Path down = Path.of(lines.get(1).replace("Created migration: ", ""));
    assertEquals(sqlDir, up.getParent());
    assertTrue(
        up.getFileName().toString().matches("\\d{14}_CreateWidgets\\.up\\.sql"), r::toString);
    assertTrue(down.getFileName().toString().matches("\\d{14}_CreateWidgets\\.down\\.sql"));
    assertTrue(Files.isRegularFile(up) && Files.isRegularFile(down));

    cli.run("make", "--sql", "CreateWidgets").assertExit(ExitCodes.of(ErrorCode.CONFIGURATION));
    CliRunner.Result json = cli.run("make", "--sql", "--json", "AddColor").assertExit(0);
    Object paths = MiniJson.at(MiniJson.parse(json.out()), "paths");
    assertEquals(2, ((List<?>) paths).size(), json::toString);
    cli.run("latest").assertExit(0).assertNoStackTrace();
  }

  @Test
  void java_and_sql_migrations_run_in_one_batch_in_timestamp_order() throws Exception {
    sql(
        "20260101000001_CreateWidgets.up.sql",
        "CREATE TABLE widgets (name text);\nCOMMENT ON TABLE widgets IS $$it's {0}?$$;\n");
    sql("20260101000001_CreateWidgets.down.sql", "DROP TABLE widgets;\n");
    javaMigration();
    sql(
        "20260101000003_Index.up.sql",
        """
        -- dbmigrate:no-transaction
        CREATE INDEX CONCURRENTLY w1 ON widgets (name);
        CREATE INDEX CONCURRENTLY w2 ON widgets (lower(name));
        """);

    CliRunner.Result r = cli.run("latest").assertExit(0).assertNoStackTrace();
    assertTrue(r.out().contains("Batch 1 run: 3 migrations"), r::toString);
    assertEquals("from java", db.scalar("select name from widgets"));
    assertEquals(1L, db.scalar("select count(distinct batch) from dbmigrate_migrations"));

    CliRunner.Result status = cli.run("status", "--json").assertExit(0);
    Object migrations = MiniJson.at(MiniJson.parse(status.out()), "migrations");
    assertEquals(3, ((List<?>) migrations).size(), status::toString);

    CliRunner.Result refused =
        cli.run("rollback").assertExit(ExitCodes.of(ErrorCode.NOT_FOUND)).assertNoStackTrace();
    assertTrue(
        refused.err().contains("20260101000003_Index cannot be rolled back")
            && refused.err().contains("20260101000003_Index.down.sql"),
        refused::toString);
    assertEquals(3L, db.scalar("select count(*) from dbmigrate_migrations"), "nothing reverted");

    sql(
        "20260101000003_Index.down.sql",
        "-- dbmigrate:no-transaction\nDROP INDEX CONCURRENTLY w1;\nDROP INDEX CONCURRENTLY w2;\n");
    cli.run("rollback").assertExit(0).assertNoStackTrace();
    assertEquals(null, db.scalar("select to_regclass('public.widgets')"));
  }

  @Test
  void a_failing_statement_names_the_file_and_line_without_a_stack_trace() throws Exception {
    sql(
        "20260101000001_Broken.up.sql",
        "CREATE TABLE ok (id int);\n\nSELECT no_such_column\n  FROM ok;\n");
    CliRunner.Result r =
        cli.run("latest").assertExit(ExitCodes.of(ErrorCode.MIGRATION_FAILED)).assertNoStackTrace();
    assertTrue(
        r.err().contains("20260101000001_Broken.up.sql:3: ERROR: column \"no_such_column\""),
        r::toString);
  }

  @Test
  void lint_and_sarif_point_at_the_line_of_the_statement() throws Exception {
    db.execute("create table orders (id int, status text)");
    sql(
        "20260101000001_IndexOrders.up.sql",
        "-- index the status\n\nCREATE INDEX orders_status ON orders (status);\n");
    String file = "migrations/src/main/resources/db/migration/20260101000001_IndexOrders.up.sql";

    CliRunner.Result text = cli.run("lint").assertExit(ExitCodes.of(ErrorCode.UNSAFE_MIGRATION));
    assertTrue(text.out().contains("error PG001"), text::toString);
    assertTrue(text.out().contains(file + ":3"), text::toString);

    CliRunner.Result sarif = cli.run("lint", "--format", "sarif");
    Object result = MiniJson.at(MiniJson.parse(sarif.out()), "runs", 0, "results", 0);
    Object physical = MiniJson.at(result, "locations", 0, "physicalLocation");
    assertEquals(file, MiniJson.at(physical, "artifactLocation", "uri"), sarif::toString);
    assertEquals(3, ((Number) MiniJson.at(physical, "region", "startLine")).intValue());
  }

  @Test
  void the_offline_dry_run_shows_the_statements_of_sql_files() throws Exception {
    sql(
        "20260101000001_CreateWidgets.up.sql",
        "CREATE TABLE widgets (name text);\nCOMMENT ON COLUMN widgets.name IS 'col ? one';\n");
    CliRunner.Result r =
        cli.run("latest", "--dry-run", "--offline").assertExit(0).assertNoStackTrace();
    assertTrue(r.out().contains("CREATE TABLE widgets (name text)"), r::toString);
    assertTrue(r.out().contains("COMMENT ON COLUMN widgets.name IS 'col ? one'"), r::toString);
    assertEquals(null, db.scalar("select to_regclass('public.dbmigrate_migrations')"));
  }

  @Test
  void verbose_prints_each_statement_of_a_sql_file_as_it_is_sent() throws Exception {
    sql(
        "20260101000001_CreateWidgets.up.sql",
        "CREATE TABLE widgets (name text);\n\nCOMMENT ON TABLE widgets IS $$it's$$;\n");
    CliRunner.Result r = cli.run("latest", "--verbose").assertExit(0);
    assertTrue(r.out().contains("CREATE TABLE widgets (name text)"), r::toString);
    assertTrue(r.out().contains("COMMENT ON TABLE widgets IS $$it's$$"), r::toString);
  }

  @Test
  void a_project_of_sql_files_alone_needs_no_java_folder() throws Exception {
    Files.delete(javaDir);
    sql("20260101000001_CreateWidgets.up.sql", "CREATE TABLE widgets (name text)");
    cli.run("latest").assertExit(0).assertNoStackTrace();
    assertEquals("widgets", db.scalar("select to_regclass('public.widgets')::text"));
  }
}
