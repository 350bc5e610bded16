package dev.dbmigrate.cli;

import static dev.dbmigrate.cli.MigrationFiles.name;
import static dev.dbmigrate.cli.MigrationFiles.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.PostgresDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class StatusAndListTest {

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

  /** A and B applied in batch 1, C pending. */
  private void twoAppliedOnePending() {
    files.createTable(ts(1), "A", "t_a");
    files.createTable(ts(2), "B", "t_b");
    cli.run("latest").assertExit(ExitCodes.OK);
    files.createTable(ts(3), "C", "t_c");
  }

  private static void assertLine(String text, String regex) {
    assertTrue(
        Pattern.compile(regex, Pattern.MULTILINE).matcher(text).find(),
        () -> "no line matching /" + regex + "/ in:\n" + text);
  }

  @Test
  void status_shows_applied_with_batch_and_pending() throws Exception {
    twoAppliedOnePending();

    CliRunner.Result r = cli.run("status").assertExit(ExitCodes.OK);

    assertLine(r.out(), "^STATE\\s+BATCH\\s+APPLIED AT\\s+TIME\\s+NAME$");
    String appliedAt = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ";
    assertLine(r.out(), "^applied\\s+1\\s+" + appliedAt + "\\s+\\d+ ms\\s+" + name(1, "A") + "$");
    assertLine(r.out(), "^applied\\s+1\\s+" + appliedAt + "\\s+\\d+ ms\\s+" + name(2, "B") + "$");
    assertLine(r.out(), "^pending\\s+" + name(3, "C") + "$");
    assertLine(r.out(), "^2 applied, 1 pending$");
    // Status reads; it applies nothing.
    assertEquals(List.of(name(1, "A"), name(2, "B")), state.history());
  }

  @Test
  void status_says_up_to_date_when_everything_is_applied() {
    twoAppliedOnePending();
    cli.run("latest").assertExit(ExitCodes.OK);

    CliRunner.Result r = cli.run("status").assertExit(ExitCodes.OK);

    assertLine(r.out(), "^Up to date: 3 applied$");
  }

  @Test
  void status_on_a_fresh_database_lists_pending_and_creates_nothing() throws Exception {
    files.createTable(ts(1), "A", "t_a");

    CliRunner.Result r = cli.run("status").assertExit(ExitCodes.OK);

    assertLine(r.out(), "^pending\\s+" + name(1, "A") + "$");
    assertFalse(state.historyExists(), "status created the history table");
  }

  @Test
  void status_and_list_without_migrations_say_none_found_and_where_they_looked() {
    CliRunner.Result r = cli.run("status").assertExit(ExitCodes.OK);
    assertTrue(
        r.out().contains("No migrations found in " + cli.migrationsDir().toAbsolutePath()),
        r::toString);
    CliRunner.Result list = cli.run("list").assertExit(ExitCodes.OK);
    assertTrue(list.out().contains("No migrations found in "), list::toString);
  }

  @Test
  void status_json_has_one_entry_per_migration_with_history_fields() throws Exception {
    twoAppliedOnePending();

    CliRunner.Result r = cli.run("status", "--json").assertExit(ExitCodes.OK);

    Object json = MiniJson.parse(r.out());
    assertEquals("status", MiniJson.at(json, "command"));
    assertEquals(true, MiniJson.at(json, "success"));
    assertEquals(false, MiniJson.at(json, "upToDate"));
    assertEquals(3, ((List<?>) MiniJson.at(json, "migrations")).size());

    assertEquals(name(1, "A"), MiniJson.at(json, "migrations", 0, "name"));
    assertEquals("applied", MiniJson.at(json, "migrations", 0, "state"));
    assertEquals(1L, MiniJson.at(json, "migrations", 0, "batch"));
    assertNotNull(MiniJson.at(json, "migrations", 0, "appliedAt"));
    assertEquals(
        state
            .column(
                "select checksum from "
                    + DatabaseState.HISTORY
                    + " where name = '"
                    + name(1, "A")
                    + "'")
            .get(0),
        MiniJson.at(json, "migrations", 0, "recordedChecksum"));
    assertEquals(
        MiniJson.at(json, "migrations", 0, "recordedChecksum"),
        MiniJson.at(json, "migrations", 0, "currentChecksum"));

    assertEquals(name(3, "C"), MiniJson.at(json, "migrations", 2, "name"));
    assertEquals("pending", MiniJson.at(json, "migrations", 2, "state"));
    assertNull(MiniJson.at(json, "migrations", 2, "batch"));
    assertNull(MiniJson.at(json, "migrations", 2, "appliedAt"));
  }

  @Test
  void status_fail_on_pending_exits_14_when_pending_and_0_when_up_to_date() {
    twoAppliedOnePending();

    CliRunner.Result pending = cli.run("status", "--fail-on-pending").assertExit(14);
    assertLine(pending.out(), "^pending\\s+" + name(3, "C") + "$");

    cli.run("latest").assertExit(ExitCodes.OK);
    cli.run("status", "--fail-on-pending").assertExit(ExitCodes.OK);
  }

  @Test
  void status_without_fail_on_pending_exits_0_even_when_pending() {
    twoAppliedOnePending();
    cli.run("status").assertExit(ExitCodes.OK);
  }

  @Test
  void status_fail_on_pending_exits_10_for_an_edited_applied_migration() {
    twoAppliedOnePending();
    cli.run("latest").assertExit(ExitCodes.OK);
    files.createTable(ts(2), "B", "t_b_renamed");

    CliRunner.Result r = cli.run("status", "--fail-on-pending").assertExit(10);

    assertLine(
        r.out(),
        "^changed\\s+1\\s+.*" + name(2, "B") + "\\s+\\(checksum \\w+ recorded, now \\w+\\)$");
  }

  @Test
  void list_shows_completed_and_pending_like_knex() {
    twoAppliedOnePending();

    CliRunner.Result r = cli.run("list").assertExit(ExitCodes.OK);

    assertEquals(
        String.join(
            "\n",
            "Found 2 Completed Migration file/files.",
            "  " + name(1, "A"),
            "  " + name(2, "B"),
            "Found 1 Pending Migration file/files.",
            "  " + name(3, "C"),
            ""),
        r.out().replace("\r\n", "\n"));
  }

  @Test
  void list_on_a_fresh_database_has_no_completed() {
    files.createTable(ts(1), "A", "t_a");

    CliRunner.Result r = cli.run("list").assertExit(ExitCodes.OK);

    assertTrue(r.out().contains("No Completed Migration files Found."), r::toString);
    assertTrue(r.out().contains("Found 1 Pending Migration file/files."), r::toString);
  }

  @Test
  void list_json_has_completed_and_pending_arrays() {
    twoAppliedOnePending();

    CliRunner.Result r = cli.run("list", "--json").assertExit(ExitCodes.OK);

    Object json = MiniJson.parse(r.out());
    assertEquals("list", MiniJson.at(json, "command"));
    assertEquals(List.of(name(1, "A"), name(2, "B")), MiniJson.at(json, "completed"));
    assertEquals(List.of(name(3, "C")), MiniJson.at(json, "pending"));
  }
}
