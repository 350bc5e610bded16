package dev.dbmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.engine.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The one exit-code table, the README's table and {@code --help} say the same. */
class ExitCodesTest {

  private static final Pattern ROW = Pattern.compile("^\\| (\\d+) \\| (.+) \\|$");

  /** The README's exit code table, code to meaning. */
  private static Map<Integer, String> readmeTable() throws IOException {
    String readme =
        Files.readString(Path.of(System.getProperty("user.dir")).resolveSibling("README.md"));
    int from = readme.indexOf("\n## Exit codes\n");
    assertTrue(from >= 0, "README has no '## Exit codes' section");
    int to = readme.indexOf("\n## ", from + 1);
    Map<Integer, String> rows = new LinkedHashMap<>();
    for (String line : readme.substring(from, to < 0 ? readme.length() : to).lines().toList()) {
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        rows.put(Integer.parseInt(m.group(1)), m.group(2));
      }
    }
    return rows;
  }

  @Test
  void every_error_code_has_its_own_exit_code_in_the_table() {
    Set<ErrorCode> mapped =
        ExitCodes.TABLE.stream()
            .map(ExitCodes.Row::error)
            .filter(e -> e != null)
            .collect(Collectors.toSet());
    assertEquals(Set.of(ErrorCode.values()), mapped, "an error code without a row exits 70");
    assertEquals(
        ExitCodes.TABLE.size(),
        ExitCodes.TABLE.stream().mapToInt(ExitCodes.Row::exit).distinct().count(),
        "two rows share an exit code");
    for (ExitCodes.Row row : ExitCodes.TABLE) {
      if (row.error() != null) {
        assertEquals(row.exit(), ExitCodes.of(row.error()), row::toString);
      }
    }
  }

  @Test
  void the_readme_table_lists_exactly_the_codes_of_the_table_each_starting_with_its_meaning()
      throws IOException {
    Map<Integer, String> readme = readmeTable();
    assertEquals(
        ExitCodes.TABLE.stream()
            .map(ExitCodes.Row::exit)
            .collect(Collectors.toCollection(TreeSet::new)),
        new TreeSet<>(readme.keySet()),
        "the README's exit codes differ from ExitCodes.TABLE");
    for (ExitCodes.Row row : ExitCodes.TABLE) {
      String meaning = readme.get(row.exit());
      assertTrue(
          meaning.startsWith(row.meaning()),
          () ->
              "README row "
                  + row.exit()
                  + " should begin with '"
                  + row.meaning()
                  + "' but reads '"
                  + meaning
                  + "'");
    }
  }

  @Test
  void help_prints_every_row_of_the_table() throws IOException {
    CliRunner cli =
        CliRunner.forProject(
            "jdbc:postgresql://127.0.0.1:1/x", "x", null, Files.createTempDirectory("help"));
    String help =
        cli.run("latest", "--help").assertExit(ExitCodes.OK).out().replaceAll("\\s+", " ");
    for (ExitCodes.Row row : ExitCodes.TABLE) {
      assertTrue(
          help.contains(" " + row.exit() + " " + row.meaning()),
          () -> "help lacks exit code " + row.exit() + " " + row.meaning() + ":\n" + help);
    }
    assertTrue(Arrays.stream(ErrorCode.values()).allMatch(e -> ExitCodes.of(e) > 0));
  }
}
