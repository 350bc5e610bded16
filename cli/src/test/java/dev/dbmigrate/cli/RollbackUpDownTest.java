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

class RollbackUpDownTest {

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
    // Outside every migration, so it records both directions and survives rollbacks.
    db.execute("create table run_log (id serial primary key, event text not null)");
  }

  /** Migration n creates table t_<description> and logs each direction to run_log. */
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

  /** Batch 1: A. Batch 2: B and C. */
  private void twoBatches() throws Exception {
    logging(1, "A");
    cli.run("latest").assertExit(ExitCodes.OK);
    logging(2, "B");
    logging(3, "C");
    cli.run("latest").assertExit(ExitCodes.OK);
    assertEquals(List.of(name(2, "B"), name(3, "C")), state.batch(2));
    db.execute("truncate run_log");
  }

  @Test
  void rollback_reverts_the_last_batch_newest_first() throws Exception {
    twoBatches();

    CliRunner.Result r = cli.run("rollback").assertExit(ExitCodes.OK);

    assertTrue(r.out().contains("Batch 2 rolled back: 2 migrations"), r::toString);
    assertEquals(List.of("down C", "down B"), log());
    assertEquals(List.of(name(1, "A")), state.history());
    assertTrue(state.tableExists("t_a"));
    assertFalse(state.tableExists("t_b") || state.tableExists("t_c"));
  }

  @Test
  void rollback_all_reverts_every_batch_newest_first() throws Exception {
    twoBatches();

    CliRunner.Result r = cli.run("rollback", "--all").assertExit(ExitCodes.OK);

    assertTrue(r.out().contains("3 migrations"), r::toString);
    assertEquals(List.of("down C", "down B", "down A"), log());
    assertEquals(List.of(), state.history());
    assertFalse(state.tableExists("t_a"));
  }

  @Test
  void rollback_with_nothing_applied_says_so() throws Exception {
    logging(1, "A");
    CliRunner.Result r = cli.run("rollback").assertExit(ExitCodes.OK);
    assertTrue(r.out().contains("Already at the base migration"), r::toString);
    assertEquals(List.of(), log());
  }

  @Test
  void rolled_back_migrations_apply_again_with_latest() throws Exception {
    twoBatches();
    cli.run("rollback").assertExit(ExitCodes.OK);

    cli.run("latest").assertExit(ExitCodes.OK);

    assertEquals(List.of(name(2, "B"), name(3, "C")), state.batch(2));
    assertEquals(List.of("down C", "down B", "up B", "up C"), log());
  }

  @Test
  void up_applies_only_the_next_pending_migration() throws Exception {
    logging(1, "A");
    logging(2, "B");
    logging(3, "C");

    CliRunner.Result r = cli.run("up").assertExit(ExitCodes.OK);

    assertTrue(r.out().contains("Batch 1 run: 1 migration"), r::toString);
    assertEquals(List.of("up A"), log());
    assertEquals(List.of(name(1, "A")), state.batch(1));

    cli.run("up").assertExit(ExitCodes.OK);
    assertEquals(List.of(name(2, "B")), state.batch(2));
    assertEquals(List.of("up A", "up B"), log());
  }

  @Test
  void up_with_a_name_applies_that_migration_by_full_name_or_description() throws Exception {
    logging(1, "A");
    logging(2, "B");
    logging(3, "C");

    cli.run("up", name(2, "B")).assertExit(ExitCodes.OK);
    assertEquals(List.of("up B"), log());
    assertEquals(List.of(name(2, "B")), state.history());

    cli.run("up", "C").assertExit(ExitCodes.OK);
    assertEquals(List.of("up B", "up C"), log());
    assertEquals(List.of(name(3, "C")), state.batch(2));
  }

  @Test
  void down_reverts_the_last_applied_migration_only() throws Exception {
    twoBatches();

    CliRunner.Result r = cli.run("down").assertExit(ExitCodes.OK);

    assertTrue(r.out().contains("1 migration"), r::toString);
    assertEquals(List.of("down C"), log());
    assertEquals(List.of(name(1, "A"), name(2, "B")), state.history());
  }

  @Test
  void down_with_a_name_reverts_that_migration() throws Exception {
    twoBatches();

    cli.run("down", "A").assertExit(ExitCodes.OK);
    assertEquals(List.of("down A"), log());
    assertEquals(List.of(name(2, "B"), name(3, "C")), state.history());

    cli.run("down", name(2, "B")).assertExit(ExitCodes.OK);
    assertEquals(List.of("down A", "down B"), log());
    assertEquals(List.of(name(3, "C")), state.history());
  }

  @Test
  void up_with_an_unknown_name_exits_13_and_applies_nothing() throws Exception {
    logging(1, "A");

    CliRunner.Result r =
        cli.run("up", "NoSuchMigration").assertExit(13).assertNoStackTrace().assertOneLineError();

    assertTrue(r.err().contains("no pending migration is named NoSuchMigration"), r::toString);
    assertEquals(List.of(), state.history());
    assertEquals(List.of(), log());
  }

  @Test
  void up_with_the_name_of_an_applied_migration_exits_13() throws Exception {
    logging(1, "A");
    cli.run("latest").assertExit(ExitCodes.OK);

    CliRunner.Result r = cli.run("up", name(1, "A")).assertExit(13).assertNoStackTrace();

    assertTrue(r.err().contains("already applied"), r::toString);
  }

  @Test
  void down_with_an_unknown_name_exits_13_and_reverts_nothing() throws Exception {
    twoBatches();

    CliRunner.Result r =
        cli.run("down", "NoSuchMigration").assertExit(13).assertNoStackTrace().assertOneLineError();

    assertTrue(r.err().contains("no applied migration is named NoSuchMigration"), r::toString);
    assertEquals(List.of(name(1, "A"), name(2, "B"), name(3, "C")), state.history());
    assertEquals(List.of(), log());
  }

  @Test
  void down_of_a_pending_migration_exits_13() throws Exception {
    logging(1, "A");
    logging(2, "B");
    cli.run("up").assertExit(ExitCodes.OK);

    CliRunner.Result r = cli.run("down", "B").assertExit(13).assertNoStackTrace();

    assertTrue(r.err().contains("B"), r::toString);
    assertEquals(List.of(name(1, "A")), state.history());
  }
}
