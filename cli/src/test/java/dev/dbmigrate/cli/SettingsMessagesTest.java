package dev.dbmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.PostgresDatabase;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The settings' and the connection's failures: one clear message each, the right exit code. */
class SettingsMessagesTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  @TempDir Path tmp;
  CliRunner cli;

  @BeforeEach
  void setUp() throws Exception {
    cli = CliRunner.forProject(db, tmp);
    cli.files().createTable(MigrationFiles.ts(1), "A", "t_a");
  }

  @Test
  void a_missing_password_file_says_it_does_not_exist() {
    CliRunner.Result r =
        cli.run("status", "--password-file", "nope.txt").assertExit(3).assertNoStackTrace();
    assertTrue(r.err().contains("does not exist"), r::toString);
    assertTrue(r.err().contains("nope.txt"), r::toString);
  }

  @Test
  void an_unreadable_password_file_says_permission_denied() throws Exception {
    Path file = Files.writeString(cli.workingDir().resolve("pw.txt"), "x");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    if (Files.isReadable(file)) {
      // Running as root reads any file; the permission case cannot happen there.
      return;
    }
    CliRunner.Result r =
        cli.run("status", "--password-file", "pw.txt").assertExit(3).assertNoStackTrace();
    assertTrue(r.err().contains("permission denied"), r::toString);
  }

  @Test
  void a_relative_password_file_in_the_config_file_is_relative_to_the_file() throws Exception {
    Path project = Files.createDirectories(tmp.resolve("project"));
    Path sub = Files.createDirectories(project.resolve("sub"));
    Files.writeString(project.resolve("secrets.txt"), db.password() == null ? "" : db.password());
    Files.writeString(
        project.resolve("dbmigrate.properties"), "password-file=secrets.txt\nurl=" + db.url());
    cli.in(sub)
        .withoutEnv("DBMIGRATE_PASSWORD")
        .withoutEnv("DBMIGRATE_URL")
        .run("status")
        .assertExit(0);
  }

  @Test
  void an_unknown_host_is_named() {
    CliRunner.Result r =
        cli.withEnv("DBMIGRATE_URL", "jdbc:postgresql://no-such-host.invalid:5432/app")
            .run("status")
            .assertExit(4)
            .assertNoStackTrace();
    assertTrue(r.err().contains("unknown host 'no-such-host.invalid'"), r::toString);
  }

  @Test
  void credentials_in_the_url_are_refused_and_never_printed_even_with_verbose() {
    CliRunner.Result r =
        cli.withEnv("DBMIGRATE_URL", "jdbc:postgresql://app:hunter2-pw@no-such-host.invalid/app")
            .run("status", "--verbose")
            .assertExit(3)
            .assertNotPrinted("hunter2-pw");
    assertTrue(r.err().contains("credentials"), r::toString);
    assertTrue(r.err().contains("DBMIGRATE_URL"), r::toString);
  }

  @Test
  void a_password_parameter_is_masked_and_the_rest_of_the_message_kept() {
    CliRunner.Result r =
        cli.withEnv(
                "DBMIGRATE_URL",
                "jdbc:postgresql://no-such-host.invalid:5432/app?password=hunter2-pw&ssl=false")
            .run("status", "--verbose")
            .assertExit(4)
            .assertNotPrinted("hunter2-pw");
    assertTrue(r.err().contains("unknown host 'no-such-host.invalid'"), r::toString);
    assertTrue(r.err().contains("check the host"), r::toString);
  }

  @Test
  void a_lock_timeout_too_long_to_hold_is_a_configuration_error() {
    CliRunner.Result r =
        cli.run("latest", "--lock-timeout", "99999999999999999999s")
            .assertExit(3)
            .assertNoStackTrace();
    assertTrue(r.err().contains("--lock-timeout '99999999999999999999s' is too long"), r::toString);
  }

  @Test
  void a_bad_ssl_mode_is_refused_naming_the_accepted_ones() {
    CliRunner.Result r = cli.run("status", "--ssl-mode", "on").assertExit(3);
    assertTrue(r.err().contains("--ssl-mode 'on' is not an sslmode"), r::toString);
  }

  @Test
  void an_unknown_dbmigrate_variable_is_refused_as_a_typo() {
    CliRunner.Result r = cli.withEnv("DBMIGRATE_LOCK_TIMOUT", "5s").run("status").assertExit(3);
    assertTrue(
        r.err().contains("unknown variable DBMIGRATE_LOCK_TIMOUT".replace("TIMEOUT", "TIMOUT")),
        r::toString);
  }

  @Test
  void usage_errors_print_json_with_json() {
    CliRunner.Result r = cli.run("status", "--json", "--no-such-option").assertExit(2);
    assertEquals(false, MiniJson.at(MiniJson.parse(r.out()), "success"), r::toString);
    assertEquals("USAGE", MiniJson.at(MiniJson.parse(r.out()), "error", "code"), r::toString);
  }

  @Test
  void the_password_prompt_goes_to_stderr_so_json_stays_parseable() {
    InputStream before = System.in;
    System.setIn(
        new ByteArrayInputStream(
            ((db.password() == null ? "" : db.password()) + "\n")
                .getBytes(StandardCharsets.UTF_8)));
    try {
      CliRunner.Result r =
          cli.withoutEnv("DBMIGRATE_PASSWORD").run("status", "--json", "-W").assertExit(0);
      assertEquals(true, MiniJson.at(MiniJson.parse(r.out()), "success"), r::toString);
      assertTrue(r.err().contains("Password:"), r::toString);
    } finally {
      System.setIn(before);
    }
  }

  @Test
  void a_bad_value_in_the_config_file_names_the_file_and_its_key_as_written_there()
      throws Exception {
    Files.writeString(
        cli.workingDir().resolve("dbmigrate.properties"), "env.prod.lock-timeout=soon\n");
    CliRunner.Result r = cli.run("status", "--env", "prod").assertExit(3).assertOneLineError();
    assertTrue(
        r.err().contains("dbmigrate.properties: env.prod.lock-timeout 'soon' is not a duration"),
        r::toString);
  }
}
