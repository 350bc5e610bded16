package dev.dbmigrate.cli;

import static dev.dbmigrate.cli.MigrationFiles.name;
import static dev.dbmigrate.cli.MigrationFiles.ts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.PostgresDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compile cache in DBMIGRATE_CACHE_DIR: unchanged sources are not compiled again, changed ones
 * are. Class files are back-dated after each compile, so a recompile shows as a new modification
 * time without the test having to sleep.
 */
class CompileCacheTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  static final FileTime LONG_AGO = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));

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

  private Path classFile(String simpleName) {
    return cli.cacheDir().resolve("classes/db/migration/" + simpleName + ".class");
  }

  private Path index() {
    return cli.cacheDir().resolve("index");
  }

  private void backdate(Path... paths) throws Exception {
    for (Path p : paths) {
      assertTrue(Files.isRegularFile(p), p + " does not exist");
      Files.setLastModifiedTime(p, LONG_AGO);
    }
  }

  private static boolean recompiled(Path classFile) throws Exception {
    return !Files.getLastModifiedTime(classFile).equals(LONG_AGO);
  }

  @Test
  void a_second_run_without_changes_compiles_nothing_and_keeps_the_index() throws Exception {
    files.createTable(ts(1), "A", "t_a");
    files.createTable(ts(2), "B", "t_b");
    cli.run("latest").assertExit(ExitCodes.OK);
    Path a = classFile("M" + ts(1) + "_A");
    Path b = classFile("M" + ts(2) + "_B");
    backdate(a, b, index());
    byte[] indexBefore = Files.readAllBytes(index());

    CliRunner.Result again = cli.run("latest").assertExit(ExitCodes.OK);
    assertTrue(again.out().contains("Already up to date"), again.toString());
    cli.run("status").assertExit(ExitCodes.OK);

    assertFalse(recompiled(a), "an unchanged migration was compiled again");
    assertFalse(recompiled(b), "an unchanged migration was compiled again");
    assertFalse(recompiled(index()), "the index was rewritten though nothing changed");
    assertArrayEquals(indexBefore, Files.readAllBytes(index()));
  }

  @Test
  void editing_a_pending_migration_recompiles_only_that_one_and_runs_the_new_code()
      throws Exception {
    files.createTable(ts(1), "A", "t_a");
    files.createTable(ts(2), "B", "t_b_first_draft");
    cli.run("status").assertExit(ExitCodes.OK); // compiles both, applies nothing
    Path a = classFile("M" + ts(1) + "_A");
    Path b = classFile("M" + ts(2) + "_B");
    backdate(a, b);
    String checksumBefore =
        (String)
            MiniJson.at(
                MiniJson.parse(cli.run("status", "--json").out()),
                "migrations",
                1,
                "currentChecksum");

    files.createTable(ts(2), "B", "t_b_final");
    CliRunner.Result r = cli.run("latest").assertExit(ExitCodes.OK);

    assertTrue(recompiled(b), "the edited migration was not compiled again");
    assertFalse(recompiled(a), "an unchanged migration was compiled again");
    assertTrue(r.out().contains("Batch 1 run: 2 migrations"), r::toString);
    assertTrue(state.tableExists("t_b_final"), "the old class ran");
    assertFalse(state.tableExists("t_b_first_draft"), "the old class ran");
    String recorded =
        state
            .column(
                "select checksum from "
                    + DatabaseState.HISTORY
                    + " where name = '"
                    + name(2, "B")
                    + "'")
            .get(0);
    assertNotEquals(checksumBefore, recorded, "the checksum of the first draft was recorded");
  }

  @Test
  void touching_a_file_without_editing_it_does_not_recompile() throws Exception {
    Path source = files.createTable(ts(1), "A", "t_a");
    cli.run("status").assertExit(ExitCodes.OK);
    Path a = classFile("M" + ts(1) + "_A");
    backdate(a);
    FileTime touched = FileTime.from(Instant.parse("2030-06-01T12:00:00Z"));
    Files.setLastModifiedTime(source, touched);

    cli.run("status").assertExit(ExitCodes.OK);

    assertFalse(recompiled(a), "a touched but unedited migration was compiled again");
    // The new time is remembered, so later runs need not read the file again.
    assertTrue(
        Files.readString(index()).contains("\t" + touched.toMillis() + "\t"),
        Files.readString(index()));
  }

  @Test
  void a_changed_helper_class_recompiles_every_migration() throws Exception {
    files.write(
        "Tables",
        """
        package db.migration;

        final class Tables {
          static final String NAME = "t_from_helper_v1";
        }
        """);
    files.write(
        "M" + ts(1) + "_UsesHelper",
        """
        package db.migration;

        import dev.dbmigrate.engine.Migration;
        import org.jooq.DSLContext;

        public class M%s_UsesHelper implements Migration {
          @Override public void up(DSLContext db) { db.execute("create table " + Tables.NAME + " (id int)"); }
          @Override public void down(DSLContext db) { db.execute("drop table " + Tables.NAME); }
        }
        """
            .formatted(ts(1)));
    cli.run("status").assertExit(ExitCodes.OK);
    Path migration = classFile("M" + ts(1) + "_UsesHelper");
    backdate(migration);

    // The constant is inlined into the migration's class: only recompiling it picks up the change.
    files.write(
        "Tables",
        """
        package db.migration;

        final class Tables {
          static final String NAME = "t_from_helper_v2";
        }
        """);
    cli.run("latest").assertExit(ExitCodes.OK);

    assertTrue(
        recompiled(migration), "the migration using the changed helper was not compiled again");
    assertTrue(state.tableExists("t_from_helper_v2"));
    assertFalse(state.tableExists("t_from_helper_v1"));
    assertEquals(List.of(name(1, "UsesHelper")), state.history());
  }

  @Test
  void a_deleted_migration_is_removed_from_the_cache() throws Exception {
    Path source = files.createTable(ts(1), "A", "t_a");
    files.createTable(ts(2), "B", "t_b");
    cli.run("status").assertExit(ExitCodes.OK);
    assertTrue(Files.exists(classFile("M" + ts(1) + "_A")));

    Files.delete(source);
    CliRunner.Result r = cli.run("list").assertExit(ExitCodes.OK);

    assertFalse(
        Files.exists(classFile("M" + ts(1) + "_A")), "the deleted migration's class remains");
    assertFalse(Files.readString(index()).contains("M" + ts(1) + "_A"), Files.readString(index()));
    assertFalse(r.out().contains(name(1, "A")), r::toString);
  }

  @Test
  void the_cache_lives_in_dbmigrate_cache_dir_and_not_in_the_migrations_folder() throws Exception {
    files.createTable(ts(1), "A", "t_a");
    cli.run("status").assertExit(ExitCodes.OK);

    assertTrue(Files.isRegularFile(classFile("M" + ts(1) + "_A")));
    assertTrue(Files.isRegularFile(index()));
    try (var walk = Files.walk(cli.migrationsDir())) {
      assertEquals(List.of(), walk.filter(p -> p.toString().endsWith(".class")).toList());
    }
  }
}
