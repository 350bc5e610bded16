package dev.dbmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.PostgresDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A bad line of a fleet file stops the run before any target is touched, with one message that
 * names the file, the line and the fix, and exit 18.
 */
class FleetFileTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  @TempDir Path tmp;
  CliRunner cli;

  @BeforeEach
  void setUp() throws Exception {
    db.execute(
        "drop schema public cascade; create schema public;"
            + " drop schema if exists first_tenant cascade");
    cli = CliRunner.forProject(db, tmp).withoutEnv("DBMIGRATE_URL");
    cli.files().createTable(MigrationFiles.ts(1), "A", "t_a");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "lonely | 'lonely' names no database; write <name> <jdbc-url or secret id>",
        "ok URL |",
        "bad/name jdbc:postgresql://h/d | 'bad/name' is not a target name",
        "a jdbc:oracle:thin:@h:1521/d | the URL 'jdbc:oracle:thin:@h:1521/d' is not a JDBC URL dbmigrate knows",
        "a mysql:h/d | 'mysql:h/d' is neither a JDBC URL nor a Secrets Manager secret id",
        "a postgres://h:5432/d | 'postgres://h:5432/d' is not a JDBC URL; write jdbc:postgresql://",
        "a jdbc:postgresql://u:hunter2@h/d | has credentials in it (user:password@host)",
        "a URL 1tenant | the schema '1tenant' is not a plain SQL identifier",
        "a URL s1 s2 | 's2' is neither the schema (the third field) nor setting=value",
        "a URL lock-timeout=1d | lock-timeout '1d' is not a duration",
        "a URL password=hunter2 | a password does not belong in a fleet file; use password-file=",
        "a URL migrations-dir=x | 'migrations-dir' is not a setting a target line can give; those"
            + " are: host, port",
        "a URL user=x user=y | 'user' is given twice; keep one",
        "a URL # comment |",
      })
  void a_bad_line_names_the_file_the_line_and_the_fix(String line, String expected)
      throws Exception {
    String url = "jdbc:postgresql://" + db.host() + ":" + db.port() + "/" + db.name();
    String text = line.replace("URL", url);
    Path file =
        Files.writeString(
            tmp.resolve("fleet.txt"),
            "# tenants\n\nfirst " + url + " first_tenant\n" + text + "\n",
            StandardCharsets.UTF_8);
    CliRunner.Result r = cli.run("latest", "--fleet", file.toString());
    if (expected == null || expected.isBlank()) {
      r.assertExit(0);
      return;
    }
    r.assertExit(25).assertOneLineError().assertNoStackTrace().assertNotPrinted("hunter2");
    assertTrue(r.err().contains(file + ":4: "), r::toString);
    assertTrue(r.err().contains(expected.strip()), r::toString);
    assertTrue(
        db.scalar("select to_regclass('first_tenant.dbmigrate_migrations')") == null,
        "a bad line stops the fleet before any target runs");
  }

  @Test
  void a_name_used_twice_an_empty_file_and_a_missing_one_are_refused() throws Exception {
    String url = "jdbc:postgresql://" + db.host() + ":" + db.port() + "/" + db.name();
    Path twice =
        Files.writeString(tmp.resolve("twice.txt"), "a " + url + " s1\na " + url + " s2\n");
    CliRunner.Result r = cli.run("latest", "--fleet", twice.toString()).assertExit(25);
    assertTrue(
        r.err().contains(twice + ":2: target name 'a' is already used on line 1"), r::toString);

    Path empty = Files.writeString(tmp.resolve("empty.txt"), "# nothing yet\n\n");
    r = cli.run("status", "--fleet", empty.toString()).assertExit(25);
    assertTrue(r.err().contains("lists no targets; write one per line"), r::toString);

    r = cli.run("status", "--fleet", tmp.resolve("absent.txt").toString()).assertExit(3);
    assertTrue(r.err().contains("cannot read the fleet file"), r::toString);
  }
}
