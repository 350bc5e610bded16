package dev.dbmigrate.cli;

import static dev.dbmigrate.cli.MigrationFiles.name;
import static dev.dbmigrate.cli.MigrationFiles.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.PostgresDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A database with the schema of migrations A and B and no history, baselined at B. */
class BaselineCommandTest {

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
    db.execute("create table run_log (id serial primary key, event text not null)");
    db.execute("create table t_a (id int); create table t_b (id int)");
    logging(1, "A");
    logging(2, "B");
    logging(3, "C");
  }

  private void logging(int n, String description) {
    String table = "t_" + description.toLowerCase(Locale.ROOT);
    files
        .migration(ts(n), description)
        .up(
            "create table " + table + " (id int)",
            "insert into run_log (event) values ('up " + description + "')")
        .down(
            "drop table " + table,
            "insert into run_log (event) values ('down " + description + "')")
        .write();
  }

  private List<String> log() throws Exception {
    return state.column("select event from run_log order by id");
  }

  @Test
  void baseline_records_up_to_the_named_migration_and_latest_runs_only_the_newer()
      throws Exception {
    CliRunner.Result r = cli.run("baseline", "B").assertExit(ExitCodes.OK);

    assertTrue(r.out().contains("Wrote 2 history rows:"), r::toString);
    assertEquals(List.of(name(1, "A"), name(2, "B")), state.batch(1));
    assertEquals(
        List.of("baseline"), state.column("select distinct status from dbmigrate_migrations"));
    assertEquals(List.of(), log());

    cli.run("latest").assertExit(ExitCodes.OK);
    assertEquals(List.of("up C"), log());
    assertTrue(
        cli.run("status")
            .out()
            .lines()
            .anyMatch(l -> l.startsWith("baseline") && l.endsWith(name(2, "B"))));

    cli.run("rollback", "--all").assertExit(ExitCodes.OK);
    assertEquals(List.of("up C", "down C"), log());
    assertEquals(List.of(name(1, "A"), name(2, "B")), state.history());
    assertTrue(state.tableExists("t_a") && state.tableExists("t_b"));
  }

  @Test
  void a_baselined_migration_may_be_deleted_later_since_it_never_runs() throws Exception {
    cli.run("baseline", "B").assertExit(ExitCodes.OK);
    java.nio.file.Files.delete(files.packageDir().resolve("M" + name(1, "A") + ".java"));

    cli.run("latest").assertExit(ExitCodes.OK);

    assertEquals(List.of("up C"), log());
  }

  @Test
  void dry_run_lists_the_rows_and_creates_nothing() throws Exception {
    CliRunner.Result r = cli.run("baseline", name(2, "B"), "--dry-run").assertExit(ExitCodes.OK);

    assertTrue(
        r.out().startsWith("Dry run: would write 2 history rows (nothing written):"), r::toString);
    assertTrue(
        r.out().contains("baseline     1  now                   " + name(1, "A")), r::toString);
    assertFalse(state.historyExists());
    Object json = MiniJson.parse(cli.run("baseline", "B", "--dry-run", "--json").out());
    assertEquals(name(2, "B"), MiniJson.at(json, "rows", 1, "name"));
    assertFalse(state.historyExists());
  }

  @Test
  void any_existing_history_is_refused() throws Exception {
    db.execute("drop table t_a");
    cli.run("up").assertExit(ExitCodes.OK);

    CliRunner.Result r = cli.run("baseline", "B").assertExit(17).assertOneLineError();

    assertTrue(r.err().contains("baseline only starts a history"), r::toString);
    assertEquals(List.of(name(1, "A")), state.history());
  }

  @Test
  void an_unknown_migration_is_refused_and_nothing_is_created() throws Exception {
    CliRunner.Result r = cli.run("baseline", "Nope").assertExit(13).assertOneLineError();

    assertTrue(r.err().contains("no migration is named Nope"), r::toString);
    assertFalse(state.historyExists());
  }

  @Test
  void baseline_waits_for_the_run_lock() throws Exception {
    try (var holder = db.connect();
        var s = holder.createStatement()) {
      // The same key dbmigrate takes: "dbmg", and the quoted history table's hash.
      s.execute(
          "select pg_advisory_lock(1684172135, "
              + "\"public\".\"dbmigrate_migrations\"".hashCode()
              + ")");
      cli.run("baseline", "B", "--lock-wait-timeout", "1s").assertExit(6);
    }
    assertFalse(state.historyExists());
  }

  @Test
  void help_documents_the_command() {
    CliRunner.Result r = cli.run("baseline", "--help").assertExit(ExitCodes.OK);
    assertTrue(r.out().contains("<migration>") && r.out().contains("--dry-run"), r::toString);
    assertTrue(r.out().contains("17"), r::toString);
  }
}
