package dev.dbmigrate.cli;

import static dev.dbmigrate.cli.MigrationFiles.name;
import static dev.dbmigrate.cli.MigrationFiles.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.PostgresDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Migration code that must stop a run: it does not compile, is misnamed, clashes, or is gone. */
class InvalidMigrationsTest {

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

  /** A migration whose up refers to a method that does not exist, on line 9 of its file. */
  private Path broken(int n, String description) {
    String className = "M" + ts(n) + "_" + description;
    return files.write(
        className,
        String.join(
            "\n",
            "package db.migration;", // 1
            "", // 2
            "import dev.dbmigrate.engine.Migration;", // 3
            "import org.jooq.DSLContext;", // 4
            "", // 5
            "public class " + className + " implements Migration {", // 6
            "  @Override", // 7
            "  public void up(DSLContext db) {", // 8
            "    db.noSuchMethod(\"create table t_broken (id int)\");", // 9
            "  }",
            "",
            "  @Override",
            "  public void down(DSLContext db) {}",
            "}",
            ""));
  }

  @Test
  void a_compile_error_exits_8_with_file_line_and_compiler_message_and_applies_nothing()
      throws Exception {
    files.createTable(ts(1), "Valid", "t_valid");
    broken(2, "Broken");
    files.createTable(ts(3), "AlsoValid", "t_also_valid");

    CliRunner.Result r = cli.run("latest").assertExit(8).assertNoStackTrace();

    assertTrue(
        r.err().startsWith("dbmigrate: error: migration sources do not compile"), r::toString);
    assertTrue(
        r.err().contains("db/migration/M" + ts(2) + "_Broken.java:9: cannot find symbol"),
        r::toString);
    assertFalse(state.historyExists(), "the run touched the database before compiling");
    assertFalse(state.tableExists("t_valid") || state.tableExists("t_also_valid"));
  }

  @Test
  void a_compile_error_in_a_new_file_stops_the_run_after_earlier_ones_were_cached()
      throws Exception {
    files.createTable(ts(1), "Valid", "t_valid");
    cli.run("latest").assertExit(ExitCodes.OK);
    files.createTable(ts(2), "Pending", "t_pending");
    broken(3, "Broken");

    cli.run("latest").assertExit(8).assertNoStackTrace();

    assertEquals(List.of(name(1, "Valid")), state.history());
    assertFalse(state.tableExists("t_pending"));
  }

  @Test
  void a_migration_that_compiles_again_after_being_broken_runs() throws Exception {
    Path file = files.createTable(ts(1), "Flaky", "t_flaky");
    String good = Files.readString(file);
    cli.run("status").assertExit(ExitCodes.OK); // compiled and cached

    Files.writeString(
        file,
        good.replace(
            "execute();\n  }\n\n  @Override\n  public void down",
            "execute() + ;\n  }\n\n  @Override\n  public void down"));
    cli.run("latest").assertExit(8);

    // Undo the edit (as 'git checkout' would): the original text, with a new modification time.
    Files.writeString(file, good);
    CliRunner.Result r = cli.run("latest").assertExit(ExitCodes.OK);

    assertTrue(r.out().contains("Batch 1 run: 1 migration"), r::toString);
    assertTrue(state.tableExists("t_flaky"));
  }

  @Test
  void a_migration_class_with_a_bad_name_exits_9_before_anything_runs() throws Exception {
    files.createTable(ts(1), "Valid", "t_valid");
    files.write(
        "M2026_Bad",
        """
        package db.migration;

        import dev.dbmigrate.engine.Migration;
        import org.jooq.DSLContext;

        public class M2026_Bad implements Migration {
          @Override public void up(DSLContext db) { db.execute("create table t_bad (id int)"); }
          @Override public void down(DSLContext db) {}
        }
        """);

    CliRunner.Result r = cli.run("latest").assertExit(9).assertNoStackTrace().assertOneLineError();

    assertTrue(
        r.err().contains("migration class M2026_Bad is not named M<yyyyMMddHHmmss>_<Description>"),
        r::toString);
    assertFalse(state.historyExists(), "the run touched the database before checking names");
    assertFalse(state.tableExists("t_valid") || state.tableExists("t_bad"));
  }

  @Test
  void a_class_named_like_a_migration_with_a_lowercase_m_exits_9_naming_it() throws Exception {
    files.createTable(ts(1), "Valid", "t_valid");
    files.write(
        "m20261201100009_Lower",
        """
        package db.migration;

        import dev.dbmigrate.engine.Migration;
        import org.jooq.DSLContext;

        public class m20261201100009_Lower implements Migration {
          @Override public void up(DSLContext db) { db.execute("create table t_lower (id int)"); }
          @Override public void down(DSLContext db) {}
        }
        """);

    CliRunner.Result r = cli.run("latest").assertExit(9).assertNoStackTrace().assertOneLineError();

    assertTrue(r.err().contains("class m20261201100009_Lower"), r::toString);
    assertTrue(r.err().contains("db/migration/m20261201100009_Lower.java"), r::toString);
    assertTrue(r.err().contains("looks like a migration"), r::toString);
    assertTrue(r.err().contains("(capital M)"), r::toString);
    assertFalse(state.historyExists(), "nothing may run past a migration that would be skipped");
    cli.run("status").assertExit(9);
  }

  @Test
  void a_helper_class_with_a_timestamp_in_its_name_exits_9() throws Exception {
    files.write(
        "Backfill_20261201100009",
        "package db.migration;\n\nfinal class Backfill_20261201100009 {}\n");

    CliRunner.Result r = cli.run("latest").assertExit(9).assertOneLineError();

    assertTrue(r.err().contains("class Backfill_20261201100009"), r::toString);
  }

  @Test
  void a_file_named_like_a_migration_that_is_not_java_is_a_warning_and_the_run_goes_on()
      throws Exception {
    files.createTable(ts(1), "Valid", "t_valid");
    Files.writeString(files.packageDir().resolve("M" + ts(2) + "_Copy.java.orig"), "old copy");

    CliRunner.Result r = cli.run("latest", "--json").assertExit(ExitCodes.OK);

    assertTrue(
        r.err()
            .contains(
                "dbmigrate: warning: db/migration/M"
                    + ts(2)
                    + "_Copy.java.orig in "
                    + cli.migrationsDir().toAbsolutePath()
                    + " is named like a migration but is not a .java file"),
        r::toString);
    MiniJson.parse(r.out());
    assertTrue(state.tableExists("t_valid"));
  }

  @Test
  void a_timestamp_that_is_not_a_real_date_exits_9() throws Exception {
    files.createTable("20261345000000", "Smarch", "t_smarch");

    CliRunner.Result r = cli.run("latest").assertExit(9).assertNoStackTrace().assertOneLineError();

    assertTrue(r.err().contains("not a valid UTC date"), r::toString);
    assertFalse(state.tableExists("t_smarch"));
  }

  @Test
  void two_migrations_with_the_same_timestamp_exit_9_naming_both() throws Exception {
    files.createTable(ts(1), "First", "t_first");
    files.createTable(ts(1), "Twin", "t_twin");

    CliRunner.Result r = cli.run("latest").assertExit(9).assertNoStackTrace().assertOneLineError();

    assertTrue(r.err().contains(name(1, "First")), r::toString);
    assertTrue(r.err().contains(name(1, "Twin")), r::toString);
    assertTrue(r.err().contains("same timestamp " + ts(1)), r::toString);
    assertEquals(List.of(), state.history());
    assertFalse(state.tableExists("t_first") || state.tableExists("t_twin"));
  }

  @Test
  void an_applied_migration_whose_file_was_deleted_exits_9_and_says_what_to_do() throws Exception {
    Path gone = files.createTable(ts(1), "Gone", "t_gone");
    cli.run("latest").assertExit(ExitCodes.OK);
    Files.delete(gone);
    files.createTable(ts(2), "Next", "t_next");

    CliRunner.Result r = cli.run("latest").assertExit(9).assertNoStackTrace().assertOneLineError();

    assertTrue(
        r.err().contains("migration " + name(1, "Gone") + " is recorded as applied"), r::toString);
    assertTrue(r.err().contains("restore its class"), r::toString);
    assertTrue(
        r.err()
            .contains(
                "DELETE FROM \"public\".\"dbmigrate_migrations\" WHERE name = '"
                    + name(1, "Gone")
                    + "'"),
        r::toString);
    assertFalse(state.tableExists("t_next"));

    CliRunner.Result status = cli.run("status", "--fail-on-pending").assertExit(9);
    assertTrue(status.out().contains("(its code is gone)"), status::toString);
  }

  @Test
  void a_class_that_does_not_implement_migration_exits_9() throws Exception {
    files.write(
        "M" + ts(1) + "_NotAMigration",
        """
        package db.migration;

        public class M%s_NotAMigration {
        }
        """
            .formatted(ts(1)));

    CliRunner.Result r = cli.run("latest").assertExit(9).assertNoStackTrace().assertOneLineError();

    assertTrue(r.err().contains("does not implement dev.dbmigrate.engine.Migration"), r::toString);
  }

  @Test
  void a_migrations_folder_that_does_not_exist_exits_3_and_says_how_to_set_it() throws Exception {
    Path missing = tmp.resolve("no-such-folder");

    CliRunner.Result r =
        cli.withEnv("DBMIGRATE_MIGRATIONS_DIR", missing.toString())
            .run("latest")
            .assertExit(3)
            .assertNoStackTrace()
            .assertOneLineError();

    assertTrue(r.err().contains("migrations folder " + missing + " does not exist"), r::toString);
    assertTrue(r.err().contains("--migrations-dir"), r::toString);
    assertFalse(state.historyExists());
  }
}
