package dev.dbmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.testing.PostgresDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code dbmigrate test} and {@code dbmigrate drift}: text, JSON and their exit codes. */
class TestAndDriftCommandTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  @TempDir Path tmp;
  CliRunner cli;
  Path sqlDir;

  @BeforeEach
  void setUp() throws Exception {
    // Not a new public schema: that has no comment, and drift would rightly name it.
    db.execute("drop table if exists orders, dbmigrate_migrations");
    Path javaDir = Files.createDirectories(tmp.resolve("project/migrations/src/main/java"));
    sqlDir =
        Files.createDirectories(tmp.resolve("project/migrations/src/main/resources/db/migration"));
    cli =
        CliRunner.forProject(db, tmp)
            .withEnv("DBMIGRATE_MIGRATIONS_DIR", javaDir.toString())
            .in(tmp.resolve("project"));
    new MigrationFiles(javaDir)
        .sql(
            "20260601000001",
            "Orders",
            "create table orders (id int primary key, total numeric(12,2) default 0)",
            "drop table orders");
  }

  private void sql(String name, String up, String down) throws Exception {
    Files.writeString(sqlDir.resolve(name + ".up.sql"), up);
    Files.writeString(sqlDir.resolve(name + ".down.sql"), down);
  }

  @Test
  void a_correct_history_passes_and_exits_zero() throws Exception {
    sql(
        "20260601000002_Index",
        "CREATE INDEX orders_total ON orders (total) WHERE total > 0;\n",
        "DROP INDEX orders_total;\n");
    CliRunner.Result r = cli.run("test").assertExit(0).assertNoStackTrace();
    assertTrue(r.out().contains("ok      20260601000001_Orders"), r::toString);
    assertTrue(r.out().contains("ok      20260601000002_Index"), r::toString);
    assertTrue(r.out().contains("Passed: 2 migrations"), r::toString);
    assertEquals(0L, db.scalar("select count(*) from pg_tables where tablename = 'orders'"));
  }

  @Test
  void a_down_that_forgets_an_index_exits_18_naming_it_in_text_and_json() throws Exception {
    sql("20260601000002_Index", "CREATE INDEX users_email ON orders (total);\n", "SELECT 1;\n");
    CliRunner.Result r = cli.run("test").assertExit(ExitCodes.of(ErrorCode.TEST_FAILED));
    assertEquals(18, ExitCodes.of(ErrorCode.TEST_FAILED));
    assertTrue(
        r.out().contains("FAILED  20260601000002_Index: its down did not restore the schema"),
        r::toString);
    assertTrue(r.out().contains("  index users_email not dropped by down"), r::toString);
    r.assertNoStackTrace();

    CliRunner.Result json = cli.run("test", "--json").assertExit(18);
    Map<?, ?> reply = (Map<?, ?>) MiniJson.parse(json.out());
    assertEquals(false, reply.get("success"));
    assertEquals("20260601000002_Index", MiniJson.at(reply, "failure", "migration"));
    assertEquals("restore", MiniJson.at(reply, "failure", "step"));
    List<?> differences = (List<?>) MiniJson.at(reply, "failure", "differences");
    assertEquals(
        "index users_email not dropped by down", ((Map<?, ?>) differences.get(0)).get("words"));

    cli.run("test", "--from", "Orders").assertExit(18);
    CliRunner.Result later = cli.run("test", "--from", "20260601000002_Index").assertExit(0);
    assertTrue(later.out().contains("Migrated the scratch database up to 20260601000002_Index"));
  }

  @Test
  void drift_names_a_change_by_hand_and_exits_19() throws Exception {
    cli.run("latest").assertExit(0);
    cli.run("drift").assertExit(0).assertNoStackTrace();
    db.execute("alter table orders alter column total set default 1");
    CliRunner.Result r = cli.run("drift").assertExit(ExitCodes.of(ErrorCode.DRIFT));
    assertEquals(19, ExitCodes.of(ErrorCode.DRIFT));
    assertTrue(
        r.out()
            .contains(
                "column orders.total changed outside migrations to default 1, migrations give"
                    + " default 0"),
        r::toString);
    CliRunner.Result json = cli.run("drift", "--json").assertExit(19);
    assertEquals(true, MiniJson.at(MiniJson.parse(json.out()), "drifted"));
  }

  @Test
  void test_from_an_unknown_migration_exits_13_without_a_stack_trace() {
    cli.run("test", "--from", "Nope")
        .assertExit(ExitCodes.of(ErrorCode.NOT_FOUND))
        .assertNoStackTrace();
  }
}
