package dev.dbmigrate.cli;

import static dev.dbmigrate.cli.MigrationFiles.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.PostgresDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Settings that cannot reach a database: each one exit code and one line, no trace, no secret. */
class ConnectionErrorsTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  static final String SECRET = "supersecret";

  @TempDir Path tmp;
  CliRunner cli;

  @BeforeEach
  void setUp() throws Exception {
    cli = CliRunner.forProject(db, tmp);
    cli.files().createTable(ts(1), "A", "t_a");
  }

  @Test
  void a_url_of_an_engine_dbmigrate_does_not_know_exits_3() {
    CliRunner.Result r =
        cli.run("latest", "--url", "jdbc:oracle:thin:@x:1521/y")
            .assertExit(3)
            .assertNoStackTrace()
            .assertOneLineError();
    assertTrue(
        r.err().contains("'jdbc:oracle:thin:@x:1521/y' is not a JDBC URL dbmigrate knows"),
        r::toString);
  }

  @Test
  void a_bad_url_never_prints_the_password_inside_it() {
    CliRunner.Result r =
        cli.run("latest", "--url", "jdbc:oracle:thin:@x/y?user=me&password=" + SECRET)
            .assertExit(3)
            .assertNoStackTrace()
            .assertOneLineError()
            .assertNotPrinted(SECRET);
    assertTrue(r.err().contains("password=***"), r::toString);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:postgresql://127.0.0.1:1/postgres?password=" + SECRET,
        "jdbc:postgresql://127.0.0.1:notaport/postgres?password=" + SECRET,
        "jdbc:postgresql://me:" + SECRET + "@127.0.0.1:1/postgres",
        "jdbc:postgresql://127.0.0.1:1/postgres?user=me&password=" + SECRET + "&ssl=false",
      })
  void a_postgresql_url_that_fails_never_prints_the_password_inside_it(String url) {
    CliRunner.Result r = cli.run("status", "--url", url);
    assertTrue(r.exitCode() == 3 || r.exitCode() == 4, r::toString);
    r.assertNoStackTrace().assertOneLineError().assertNotPrinted(SECRET);
  }

  @Test
  void a_password_inside_the_url_stays_hidden_in_json_output_too() {
    CliRunner.Result r =
        cli.run(
            "status",
            "--json",
            "--url",
            "jdbc:postgresql://127.0.0.1:notaport/postgres?password=" + SECRET);
    assertTrue(r.exitCode() == 3 || r.exitCode() == 4, r::toString);
    r.assertNotPrinted(SECRET);
    Object json = MiniJson.parse(r.out());
    assertEquals(false, MiniJson.at(json, "success"));
    assertEquals((long) r.exitCode(), MiniJson.at(json, "error", "exitCode"));
  }

  @Test
  void an_unreachable_host_exits_4() {
    CliRunner.Result r =
        cli.run("latest", "--url", "jdbc:postgresql://127.0.0.1:1/postgres")
            .assertExit(4)
            .assertNoStackTrace()
            .assertOneLineError();
    assertTrue(r.err().contains("could not connect to the database"), r::toString);
    assertTrue(r.err().contains("127.0.0.1:1"), r::toString);
  }

  @Test
  void a_database_that_does_not_exist_exits_4_and_says_so() {
    String url = db.url().replace("/" + db.name(), "/no_such_database_dbm");
    CliRunner.Result r =
        cli.run("latest", "--url", url).assertExit(4).assertNoStackTrace().assertOneLineError();
    assertTrue(r.err().contains("does not exist"), r::toString);
    assertTrue(r.err().contains("no_such_database_dbm"), r::toString);
  }

  @Test
  void json_errors_carry_the_code_and_exit_code() {
    CliRunner.Result r =
        cli.run("latest", "--json", "--url", "jdbc:postgresql://127.0.0.1:1/postgres")
            .assertExit(4);
    Object json = MiniJson.parse(r.out());
    assertEquals("latest", MiniJson.at(json, "command"));
    assertEquals(false, MiniJson.at(json, "success"));
    assertEquals("CONNECTION", MiniJson.at(json, "error", "code"));
    assertEquals(4L, MiniJson.at(json, "error", "exitCode"));
  }

  @Test
  void verbose_shows_the_stack_trace_of_an_error() {
    CliRunner.Result r =
        cli.run("latest", "--verbose", "--url", "jdbc:postgresql://127.0.0.1:1/postgres")
            .assertExit(4);
    assertTrue(r.err().startsWith("dbmigrate: error: could not connect"), r::toString);
    assertTrue(r.err().contains("\tat "), r::toString);
    assertTrue(r.err().contains("MigrationException"), r::toString);
  }
}
