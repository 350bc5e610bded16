package dev.dbmigrate.cli;

import static dev.dbmigrate.cli.MigrationFiles.name;
import static dev.dbmigrate.cli.MigrationFiles.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line on every engine: each test runs once per engine, through a subclass that
 * registers a fresh database of that engine ({@link EngineSuitePostgresTest}, {@link
 * EngineSuiteMariaDbTest}). What differs between the engines is said by the subclass: the SQL of a
 * file migration and whether DDL is transactional.
 */
abstract class EngineSuite {

  @TempDir Path tmp;
  CliRunner cli;
  MigrationFiles files;

  abstract TestDatabase db();

  /** An up file with this engine's quoting and comments; it creates table {@code note}. */
  abstract String sqlFileUp();

  /** Whether a failed migration's DDL is rolled back with it. */
  abstract boolean transactionalDdl();

  @BeforeEach
  void setUp() throws Exception {
    db().clear();
    cli = CliRunner.forProject(db().url(), db().user(), db().password(), tmp);
    files = cli.files();
  }

  List<String> history() throws SQLException {
    if (!tableExists("dbmigrate_migrations")) {
      return List.of();
    }
    return db().query(
            "select name, status from dbmigrate_migrations order by batch, name",
            rs -> {
              List<String> rows = new ArrayList<>();
              while (rs.next()) {
                rows.add(rs.getString(1) + ":" + rs.getString(2));
              }
              return rows;
            });
  }

  boolean tableExists(String table) {
    try {
      db().scalar("select count(*) from " + table);
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private void threeMigrations() throws Exception {
    files.createTable(ts(1), "CreateGadget", "gadget");
    files.sql(ts(2), "AddGadget", "insert into gadget (id) values (1)", "delete from gadget");
    Path sqlDir = Files.createDirectories(cli.migrationsDir());
    Files.writeString(
        sqlDir.resolve(name(3, "CreateNote") + ".up.sql"), sqlFileUp(), StandardCharsets.UTF_8);
    Files.writeString(
        sqlDir.resolve(name(3, "CreateNote") + ".down.sql"),
        "drop table note;\n",
        StandardCharsets.UTF_8);
  }

  @Test
  void latest_applies_java_and_sql_migrations_and_status_and_list_show_them() throws Exception {
    threeMigrations();

    CliRunner.Result r = cli.run("latest").assertExit(ExitCodes.OK);

    assertTrue(r.out().contains("Batch 1 run: 3 migrations"), r::toString);
    assertEquals(
        List.of(
            name(1, "CreateGadget") + ":applied",
            name(2, "AddGadget") + ":applied",
            name(3, "CreateNote") + ":applied"),
        history());
    assertEquals(1L, ((Number) db().scalar("select count(*) from gadget")).longValue());
    assertEquals("it's; fine", String.valueOf(db().scalar("select body from note")));
    CliRunner.Result status = cli.run("status", "--json").assertExit(ExitCodes.OK);
    assertEquals(3, status.out().split("\"state\":\"applied\"", -1).length - 1, status::toString);
    CliRunner.Result list = cli.run("list").assertExit(ExitCodes.OK);
    assertTrue(list.out().contains(name(3, "CreateNote")), list::toString);
    cli.run("latest").assertExit(ExitCodes.OK);
    assertTrue(cli.run("latest").out().contains("Already up to date"));
  }

  @Test
  void rollback_reverts_the_last_batch_and_up_and_down_move_one_at_a_time() throws Exception {
    threeMigrations();
    cli.run("up").assertExit(ExitCodes.OK);
    assertEquals(List.of(name(1, "CreateGadget") + ":applied"), history());
    cli.run("latest").assertExit(ExitCodes.OK);
    CliRunner.Result r = cli.run("rollback").assertExit(ExitCodes.OK);
    assertTrue(r.out().contains("Batch 2 rolled back: 2 migrations"), r::toString);
    assertFalse(tableExists("note"));
    assertEquals(List.of(name(1, "CreateGadget") + ":applied"), history());
    cli.run("down").assertExit(ExitCodes.OK);
    assertFalse(tableExists("gadget"));
    assertEquals(List.of(), history());
  }

  @Test
  void two_runs_at_once_apply_each_migration_once() throws Exception {
    db().execute("create table run_log (event varchar(50))");
    files.write(
        "M" + ts(1) + "_Slow",
        """
        package db.migration;

        import dev.dbmigrate.engine.Migration;
        import org.jooq.DSLContext;

        public class M%s_Slow implements Migration {
          @Override
          public void up(DSLContext db) throws Exception {
            db.execute("insert into run_log (event) values ('slow')");
            Thread.sleep(1500);
          }

          @Override
          public void down(DSLContext db) {}
        }
        """
            .formatted(ts(1)));
    // Each run keeps its own compile cache: one JVM cannot lock one cache file twice.
    CliRunner first = cli.withEnv("DBMIGRATE_CACHE_DIR", tmp.resolve("cache1").toString());
    CliRunner second = cli.withEnv("DBMIGRATE_CACHE_DIR", tmp.resolve("cache2").toString());
    CompletableFuture<CliRunner.Result> a =
        CompletableFuture.supplyAsync(() -> first.run("latest"));
    CompletableFuture<CliRunner.Result> b =
        CompletableFuture.supplyAsync(() -> second.run("latest"));
    CliRunner.Result ra = a.get(60, TimeUnit.SECONDS).assertExit(ExitCodes.OK);
    CliRunner.Result rb = b.get(60, TimeUnit.SECONDS).assertExit(ExitCodes.OK);
    assertEquals(1L, ((Number) db().scalar("select count(*) from run_log")).longValue());
    assertTrue(
        ra.out().contains("Already up to date") ^ rb.out().contains("Already up to date"),
        () -> ra + "\n" + rb);
    assertEquals(List.of(name(1, "Slow") + ":applied"), history());
  }

  @Test
  void a_migration_failing_after_its_ddl_says_what_may_be_applied() throws Exception {
    files
        .migration(ts(1), "Broken")
        .up("create table half (id int)", "insert into no_such_table values (1)")
        .down("drop table half")
        .write();

    CliRunner.Result r =
        cli.run("latest").assertExit(ExitCodes.of(ErrorCode.MIGRATION_FAILED)).assertNoStackTrace();

    if (transactionalDdl()) {
      assertTrue(r.err().contains("nothing of it is applied"), r::toString);
      assertFalse(tableExists("half"));
      assertEquals(List.of(), history());
    } else {
      assertFalse(r.err().contains("nothing of it"), r::toString);
      assertTrue(r.err().contains("commits each DDL statement at once"), r::toString);
      assertTrue(tableExists("half"), "the DDL committed");
      assertEquals(List.of(name(1, "Broken") + ":failed"), history());
      // The person checked and undid it: repair clears the row, and latest runs it again.
      db().execute("drop table half");
      cli.run("repair").assertExit(ExitCodes.OK);
      assertEquals(List.of(), history());
    }
  }

  /**
   * The example that {@code dbmigrate init} writes, with jOOQ's DDL DSL, runs as it is on every
   * engine. (migrations/'s own example uses TIMESTAMP WITH TIME ZONE, which MySQL lacks, and is not
   * edited: it is applied in deployed stages, where a new checksum would stop every run.)
   */
  @Test
  void the_example_migration_of_init_runs_unchanged() throws Exception {
    Path project = Files.createDirectories(tmp.resolve("fresh"));
    cli.withoutEnv("DBMIGRATE_MIGRATIONS_DIR").in(project).run("init").assertExit(ExitCodes.OK);
    Path example;
    try (var found = Files.walk(project.resolve("migrations"))) {
      example =
          found
              .filter(p -> p.getFileName().toString().endsWith("_CreateExampleTable.java"))
              .findFirst()
              .orElseThrow();
    }
    Path dir = Files.createDirectories(files.packageDir());
    Files.copy(example, dir.resolve(example.getFileName()));

    cli.run("latest").assertExit(ExitCodes.OK);
    db().execute("insert into example (name) values ('a')");
    assertEquals(1L, ((Number) db().scalar("select count(*) from example")).longValue());
    cli.run("rollback").assertExit(ExitCodes.OK);
    assertFalse(tableExists("example"));
  }

  @Test
  void dry_runs_show_this_engines_statements_and_change_nothing() throws Exception {
    threeMigrations();
    CliRunner.Result online = cli.run("latest", "--dry-run").assertExit(ExitCodes.OK);
    CliRunner.Result offline = cli.run("latest", "--dry-run", "--offline").assertExit(ExitCodes.OK);
    assertFalse(tableExists("dbmigrate_migrations"));
    for (CliRunner.Result r : List.of(online, offline)) {
      assertTrue(r.out().contains("create table if not exists"), r::toString);
      assertTrue(
          r.out().contains(transactionalDdl() ? "set_config(" : "lock_wait_timeout"), r::toString);
      assertTrue(r.out().contains(transactionalDdl() ? "\"gadget\"" : "`gadget`"), r::toString);
    }
  }

  @Test
  void unlock_reports_that_nobody_holds_the_lock() throws Exception {
    CliRunner.Result r = cli.run("unlock").assertExit(ExitCodes.OK);
    assertTrue(r.out().toLowerCase(java.util.Locale.ROOT).contains("no"), r::toString);
  }
}
