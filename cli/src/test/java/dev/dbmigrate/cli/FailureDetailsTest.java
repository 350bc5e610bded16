package dev.dbmigrate.cli;

import static dev.dbmigrate.cli.MigrationFiles.name;
import static dev.dbmigrate.cli.MigrationFiles.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.PostgresDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Failure messages keep the detail that says what to fix: the symbol, the line, the statement. */
class FailureDetailsTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  @TempDir Path tmp;
  CliRunner cli;
  MigrationFiles files;
  DatabaseState state = new DatabaseState(db);

  @BeforeEach
  void setUp() throws Exception {
    state.reset();
    cli = CliRunner.forProject(db, tmp);
    files = cli.files();
  }

  @Test
  void a_compile_error_names_the_missing_symbol() {
    String cls = "M" + ts(1) + "_Typo";
    files.write(
        cls,
        """
        package db.migration;

        import dev.dbmigrate.engine.Migration;
        import org.jooq.DSLContext;

        public class %s implements Migration {
          @Override public void up(DSLContext db) { db.excute("create table t (id int)"); }
          @Override public void down(DSLContext db) {}
        }
        """
            .formatted(cls));

    CliRunner.Result r = cli.run("latest").assertExit(8).assertNoStackTrace();

    assertTrue(r.err().contains(cls + ".java:7: cannot find symbol"), r::toString);
    assertTrue(r.err().contains("symbol: method excute(java.lang.String)"), r::toString);
  }

  @Test
  void an_exception_thrown_in_a_migration_gives_its_file_and_line() {
    String cls = "M" + ts(1) + "_Throws";
    files.write(
        cls,
        String.join(
            "\n",
            "package db.migration;", // 1
            "", // 2
            "import dev.dbmigrate.engine.Migration;", // 3
            "import org.jooq.DSLContext;", // 4
            "", // 5
            "public class " + cls + " implements Migration {", // 6
            "  @Override public void up(DSLContext db) {", // 7
            "    db.execute(\"create table t_thrown (id int)\");", // 8
            "    helper();", // 9
            "  }", // 10
            "  private static void helper() {", // 11
            "    throw new IllegalStateException(\"no rows to backfill\");", // 12
            "  }",
            "  @Override public void down(DSLContext db) {}",
            "}",
            ""));

    CliRunner.Result r = cli.run("latest").assertExit(1).assertNoStackTrace().assertOneLineError();

    assertTrue(r.err().contains("no rows to backfill"), r::toString);
    assertTrue(
        r.err()
            .contains(
                "no rows to backfill (IllegalStateException at db/migration/" + cls + ".java:12)"),
        r::toString);
    assertTrue(
        r.err().contains("the last statement it sent: create table t_thrown"),
        "a statement that succeeded is not called the failing one: " + r);
  }

  @Test
  void a_failing_statement_in_a_multi_statement_execute_is_the_one_named() throws Exception {
    files
        .migration(ts(1), "Several")
        .up(
            "create table t_one (id int); insert into t_one values (1);"
                + " create table t_one (id int); create table t_four (id int)")
        .write();

    CliRunner.Result r = cli.run("latest").assertExit(1).assertNoStackTrace().assertOneLineError();

    assertTrue(r.err().contains("relation \"t_one\" already exists"), r::toString);
    assertTrue(r.err().contains("statement: create table t_one (id int); its"), r::toString);
    assertFalse(r.err().contains("insert into"), r::toString);
    assertFalse(state.tableExists("t_one"), "the replay that found it was rolled back");
  }

  @Test
  void up_of_an_applied_migration_says_it_is_applied_and_when() throws Exception {
    files.createTable(ts(1), "CreateA", "t_a");
    cli.run("latest").assertExit(ExitCodes.OK);

    CliRunner.Result r = cli.run("up", "CreateA").assertExit(13).assertOneLineError();

    assertTrue(
        r.err().contains("migration " + name(1, "CreateA") + " is already applied (batch 1, 20"),
        r::toString);
    assertTrue(r.err().contains("'dbmigrate down CreateA' reverts it"), r::toString);
    assertEquals(1, state.history().size());
  }
}
