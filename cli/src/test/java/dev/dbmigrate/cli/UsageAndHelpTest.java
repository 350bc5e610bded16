package dev.dbmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.cli.commands.RootCommand;
import dev.dbmigrate.testing.PostgresDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the command line says about itself, and what it says to a mistyped command. */
class UsageAndHelpTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  static final String[] COMMANDS = {
    "make", "latest", "rollback", "up", "down", "status", "list", "unlock", "repair"
  };

  @TempDir Path tmp;
  CliRunner cli;

  @BeforeEach
  void setUp() throws Exception {
    cli = CliRunner.forProject(db, tmp);
  }

  /** Every subcommand the command line has, so a new one is covered without editing this test. */
  static Stream<String> subcommands() {
    Set<String> names = RootCommand.COMMANDS.keySet();
    assertTrue(names.containsAll(List.of(COMMANDS)), names::toString);
    return names.stream();
  }

  @ParameterizedTest
  @MethodSource("subcommands")
  void each_command_is_registered_under_the_name_its_annotation_gives(String command) {
    assertEquals(
        command,
        RootCommand.COMMANDS.get(command).getAnnotation(picocli.CommandLine.Command.class).name());
  }

  @ParameterizedTest
  @MethodSource("subcommands")
  void help_of_every_command_exits_0_and_lists_the_exit_codes(String command) {
    CliRunner.Result r = cli.run(command, "--help").assertExit(ExitCodes.OK);

    assertTrue(r.out().startsWith("Usage: dbmigrate " + command), r::toString);
    assertTrue(r.out().contains("Exit codes:"), r::toString);
    for (String code :
        new String[] {"0", "1", "2", "3", "4", "5", "6", "8", "9", "13", "14", "70"}) {
      assertTrue(
          r.out().matches("(?s).*\\n\\s+" + code + "\\s+\\S.*"),
          "exit code " + code + " is not listed in:\n" + r.out());
    }
    assertEquals("", r.err());
  }

  @Test
  void the_exit_codes_in_help_match_the_codes_the_cli_returns() {
    String help = cli.run("--help").assertExit(ExitCodes.OK).out();
    assertTrue(
        help.matches(
            "(?s).*\\n\\s+"
                + ExitCodes.of(dev.dbmigrate.engine.ErrorCode.LOCKED)
                + "\\s+another run holds the migration lock.*"),
        help);
    assertTrue(
        help.matches(
            "(?s).*\\n\\s+"
                + ExitCodes.of(dev.dbmigrate.engine.ErrorCode.PENDING)
                + "\\s+migrations are pending.*"),
        help);
    assertTrue(
        help.matches(
            "(?s).*\\n\\s+"
                + ExitCodes.of(dev.dbmigrate.engine.ErrorCode.COMPILATION)
                + "\\s+a migration does not compile.*"),
        help);
  }

  @Test
  void root_help_lists_every_command() {
    String help = cli.run("--help").assertExit(ExitCodes.OK).out();
    for (String command : COMMANDS) {
      assertTrue(
          help.matches("(?s).*\\n\\s+" + command + "\\s+\\S.*"), command + " missing in:\n" + help);
    }
  }

  @Test
  void no_command_shows_the_usage_and_exits_0() {
    CliRunner.Result r = cli.run().assertExit(ExitCodes.OK);
    assertTrue(r.out().startsWith("Usage: dbmigrate"), r::toString);
  }

  @Test
  void version_exits_0_and_names_the_tool_the_commit_and_java() {
    CliRunner.Result r = cli.run("--version").assertExit(ExitCodes.OK);
    assertTrue(r.out().startsWith("dbmigrate "), r::toString);
    // The build writes the commit of this checkout (the tests run in a git repository).
    assertTrue(r.out().lines().anyMatch(l -> l.matches("commit [0-9a-f]{12}")), r::toString);
    assertTrue(r.out().contains("Java " + System.getProperty("java.version")), r::toString);
  }

  @Test
  void an_unknown_command_exits_2_with_a_short_message() {
    CliRunner.Result r = cli.run("migrate").assertExit(ExitCodes.USAGE).assertNoStackTrace();

    assertTrue(r.err().startsWith("dbmigrate: unknown command 'migrate'"), r::toString);
    assertTrue(r.err().contains("Try 'dbmigrate --help'"), r::toString);
    assertFalse(r.all().contains("Usage:"), "the whole usage text was printed:\n" + r);
    assertEquals("", r.out());
  }

  @Test
  void a_misspelt_command_gets_a_suggestion() {
    CliRunner.Result r = cli.run("lates").assertExit(ExitCodes.USAGE).assertNoStackTrace();
    assertTrue(r.err().contains("latest"), r::toString);
  }

  @Test
  void an_unknown_option_exits_2_with_a_short_message() {
    CliRunner.Result r =
        cli.run("latest", "--frobnicate").assertExit(ExitCodes.USAGE).assertNoStackTrace();

    assertTrue(r.err().startsWith("dbmigrate: Unknown option: '--frobnicate'"), r::toString);
    assertTrue(r.err().contains("Try 'dbmigrate latest --help'"), r::toString);
    assertFalse(r.all().contains("Usage:"), "the whole usage text was printed:\n" + r);
  }

  @Test
  void an_option_without_its_value_exits_2() {
    CliRunner.Result r =
        cli.run("latest", "--url").assertExit(ExitCodes.USAGE).assertNoStackTrace();
    assertTrue(r.err().contains("--url"), r::toString);
  }

  @Test
  void a_bad_duration_is_a_configuration_error() {
    CliRunner.Result r =
        cli.run("latest", "--lock-wait-timeout", "soon")
            .assertExit(3)
            .assertNoStackTrace()
            .assertOneLineError();
    assertTrue(r.err().contains("lock-wait-timeout 'soon' is not a duration"), r::toString);
  }
}
