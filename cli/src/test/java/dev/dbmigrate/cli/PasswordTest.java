package dev.dbmigrate.cli;

import static dev.dbmigrate.cli.MigrationFiles.name;
import static dev.dbmigrate.cli.MigrationFiles.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.PasswordPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Passwords against a server that checks them: every source works, and none is ever printed. */
class PasswordTest {

  @RegisterExtension static final PasswordPostgres pg = new PasswordPostgres();

  static final String ROLE = "dbm_cli_password_test";
  static final String RIGHT = "Right-horse-battery-42";
  static final String WRONG = "Wrong-staple-17";

  @TempDir Path tmp;

  /** Connects as ROLE with no password at all; each test adds one. */
  CliRunner cli;

  @BeforeAll
  static void createRole() throws Exception {
    pg.createRole(ROLE, RIGHT);
  }

  @BeforeEach
  void setUp() throws Exception {
    pg.execute("drop table if exists public.dbmigrate_migrations, public.t_a");
    cli = CliRunner.forProject(pg.url(), ROLE, null, tmp);
    cli.files().createTable(ts(1), "A", "t_a");
  }

  private Path passwordFile(String password) throws Exception {
    // A trailing newline, as an editor or 'echo' leaves it.
    return Files.writeString(tmp.resolve("pw-" + password.hashCode()), password + "\n");
  }

  private static void assertRefused(CliRunner.Result r) {
    r.assertExit(5)
        .assertNoStackTrace()
        .assertOneLineError()
        .assertNotPrinted(RIGHT)
        .assertNotPrinted(WRONG);
    assertTrue(r.err().contains("the database refused the credentials"), r::toString);
    assertTrue(r.err().contains("check the user and the password"), r::toString);
  }

  @Test
  void a_wrong_password_exits_5_without_echoing_it() throws Exception {
    CliRunner.Result r = cli.withEnv("DBMIGRATE_PASSWORD", WRONG).run("latest");
    assertRefused(r);
    assertTrue(
        r.err().contains("password authentication failed for user \"" + ROLE + "\""), r::toString);
    assertEquals(null, pg.scalar("select to_regclass('public.dbmigrate_migrations')"));
  }

  @Test
  void no_password_at_all_exits_5_and_says_none_was_given() {
    CliRunner.Result r = cli.run("status");
    assertRefused(r);
    assertTrue(r.err().contains("no password was provided"), r::toString);
  }

  @Test
  void the_right_password_from_a_password_file_works() throws Exception {
    CliRunner.Result r =
        cli.run("latest", "--password-file", passwordFile(RIGHT).toString())
            .assertExit(ExitCodes.OK)
            .assertNotPrinted(RIGHT);

    assertTrue(r.out().contains("Batch 1 run: 1 migration"), r::toString);
    assertEquals(name(1, "A"), pg.scalar("select name from public.dbmigrate_migrations"));
    assertEquals(ROLE, pg.scalar("select tableowner from pg_tables where tablename = 't_a'"));
  }

  @Test
  void a_wrong_password_in_the_password_file_exits_5() throws Exception {
    assertRefused(cli.run("status", "--password-file", passwordFile(WRONG).toString()));
  }

  @Test
  void a_missing_password_file_exits_3() {
    CliRunner.Result r =
        cli.run("status", "--password-file", tmp.resolve("nope").toString())
            .assertExit(3)
            .assertNoStackTrace()
            .assertOneLineError();
    assertTrue(r.err().contains("password file " + tmp.resolve("nope")), r::toString);
    assertTrue(r.err().contains("does not exist"), r::toString);
  }

  @Test
  void pgpassword_works() {
    cli.withEnv("PGPASSWORD", RIGHT).run("status").assertExit(ExitCodes.OK).assertNotPrinted(RIGHT);
    assertRefused(cli.withEnv("PGPASSWORD", WRONG).run("status"));
  }

  @Test
  void dbmigrate_password_file_variable_works() throws Exception {
    cli.withEnv("DBMIGRATE_PASSWORD_FILE", passwordFile(RIGHT).toString())
        .run("status")
        .assertExit(ExitCodes.OK);
  }

  @Test
  void the_password_file_option_beats_the_environment() throws Exception {
    cli.withEnv("PGPASSWORD", WRONG)
        .withEnv("DBMIGRATE_PASSWORD", WRONG)
        .run("status", "--password-file", passwordFile(RIGHT).toString())
        .assertExit(ExitCodes.OK);
    assertRefused(
        cli.withEnv("PGPASSWORD", RIGHT)
            .run("status", "--password-file", passwordFile(WRONG).toString()));
  }

  @Test
  void dbmigrate_password_beats_pgpassword() {
    cli.withEnv("PGPASSWORD", WRONG)
        .withEnv("DBMIGRATE_PASSWORD", RIGHT)
        .run("status")
        .assertExit(ExitCodes.OK);
    assertRefused(
        cli.withEnv("PGPASSWORD", RIGHT).withEnv("DBMIGRATE_PASSWORD", WRONG).run("status"));
  }

  @Test
  void a_password_file_named_in_the_config_file_works() throws Exception {
    Files.writeString(
        cli.workingDir().resolve("dbmigrate.properties"),
        "env.ci.password-file=" + passwordFile(RIGHT).toString().replace("\\", "\\\\") + "\n");

    cli.run("status", "--env", "ci").assertExit(ExitCodes.OK);
    assertRefused(cli.run("status"));
  }

  @Test
  void the_wrong_user_exits_5_naming_the_user() {
    CliRunner.Result r =
        cli.withEnv("DBMIGRATE_USER", "dbm_cli_no_such_role")
            .withEnv("DBMIGRATE_PASSWORD", RIGHT)
            .run("status")
            .assertExit(5)
            .assertNoStackTrace()
            .assertOneLineError()
            .assertNotPrinted(RIGHT);
    assertTrue(r.err().contains("dbm_cli_no_such_role"), r::toString);
  }

  @Test
  void verbose_does_not_print_the_password_either() {
    CliRunner.Result r =
        cli.withEnv("DBMIGRATE_PASSWORD", WRONG).run("status", "--verbose").assertExit(5);
    assertTrue(r.err().contains("\tat "), r::toString);
    r.assertNotPrinted(WRONG);
  }

  @Test
  void migrations_run_as_the_role_and_history_is_readable_by_it() throws Exception {
    CliRunner withPassword = cli.withEnv("DBMIGRATE_PASSWORD", RIGHT);
    withPassword.run("latest").assertExit(ExitCodes.OK);

    CliRunner.Result status = withPassword.run("status", "--json").assertExit(ExitCodes.OK);

    Object json = MiniJson.parse(status.out());
    assertEquals(true, MiniJson.at(json, "upToDate"));
    assertTrue(
        ((String) MiniJson.at(json, "migrations", 0, "appliedBy")).contains("@"), status::toString);
  }
}
