package dev.dbmigrate.cli;

import static dev.dbmigrate.cli.MigrationFiles.name;
import static dev.dbmigrate.cli.MigrationFiles.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.PostgresDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the connection comes from: a flag beats an environment variable, which beats the config
 * file. Each layer is proven by giving it a URL that works against one that fails.
 */
class ConfigPrecedenceTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  @TempDir Path tmp;

  /** The project without DBMIGRATE_URL, so the config file is the only other source. */
  CliRunner cli;

  DatabaseState state = new DatabaseState(db);
  String good;
  String bad;

  @BeforeEach
  void setUp() throws Exception {
    state.reset();
    cli = CliRunner.forProject(db, tmp).withoutEnv("DBMIGRATE_URL");
    cli.files().createTable(ts(1), "A", "t_a");
    good = db.url();
    bad = db.url().replace("/" + db.name(), "/" + db.name() + "_missing");
  }

  private void config(String... lines) throws Exception {
    Files.writeString(
        cli.workingDir().resolve("dbmigrate.properties"), String.join("\n", lines) + "\n");
  }

  /** Asserts the run failed because it used the bad URL. */
  private static void assertUsedBad(CliRunner.Result r) {
    r.assertExit(4).assertNoStackTrace();
    assertTrue(r.err().contains("does not exist"), r::toString);
    assertTrue(r.err().contains("_missing"), r::toString);
  }

  @Test
  void the_config_file_in_the_working_dir_is_read() throws Exception {
    config("url=" + bad, "env.test.url=" + good);
    assertUsedBad(cli.run("status"));
  }

  @Test
  void env_option_selects_the_named_environment_of_the_config_file() throws Exception {
    config("url=" + bad, "env.test.url=" + good);

    cli.run("latest", "--env", "test").assertExit(ExitCodes.OK);

    assertEquals(List.of(name(1, "A")), state.history());
  }

  @Test
  void dbmigrate_env_variable_selects_the_environment_too() throws Exception {
    config("url=" + bad, "env.test.url=" + good);
    cli.withEnv("DBMIGRATE_ENV", "test").run("status").assertExit(ExitCodes.OK);
  }

  @Test
  void an_environment_variable_beats_the_config_file() throws Exception {
    config("url=" + bad, "env.test.url=" + bad);
    cli.withEnv("DBMIGRATE_URL", good).run("status", "--env", "test").assertExit(ExitCodes.OK);

    config("url=" + good, "env.test.url=" + good);
    assertUsedBad(cli.withEnv("DBMIGRATE_URL", bad).run("status", "--env", "test"));
  }

  @Test
  void a_flag_beats_an_environment_variable() {
    cli.withEnv("DBMIGRATE_URL", bad).run("status", "--url", good).assertExit(ExitCodes.OK);
    assertUsedBad(cli.withEnv("DBMIGRATE_URL", good).run("status", "--url", bad));
  }

  @Test
  void a_flag_beats_the_config_file() throws Exception {
    config("url=" + bad);
    cli.run("status", "--url", good).assertExit(ExitCodes.OK);

    config("url=" + good);
    assertUsedBad(cli.run("status", "--url", bad));
  }

  @Test
  void libpq_variables_count_below_dbmigrate_ones() {
    CliRunner pg = cli.withEnv("PGHOST", db.host()).withEnv("PGPORT", Integer.toString(db.port()));
    pg.withEnv("PGDATABASE", db.name()).run("status").assertExit(ExitCodes.OK);
    assertUsedBad(pg.withEnv("PGDATABASE", db.name() + "_missing").run("status"));
    pg.withEnv("PGDATABASE", db.name() + "_missing")
        .withEnv("DBMIGRATE_URL", good)
        .run("status")
        .assertExit(ExitCodes.OK);
  }

  @Test
  void an_undefined_environment_exits_3_listing_the_defined_ones() throws Exception {
    config("url=" + good, "env.test.url=" + good, "env.staging.url=" + good);

    CliRunner.Result r =
        cli.run("status", "--env", "nope").assertExit(3).assertNoStackTrace().assertOneLineError();

    assertTrue(r.err().contains("environment 'nope' is not defined"), r::toString);
    assertTrue(r.err().contains("defined: staging, test"), r::toString);
  }

  @Test
  void an_environment_without_a_config_file_exits_3() {
    CliRunner.Result r =
        cli.run("status", "--env", "test").assertExit(3).assertNoStackTrace().assertOneLineError();
    assertTrue(r.err().contains("no dbmigrate.properties was found"), r::toString);
  }

  @Test
  void the_config_file_is_found_in_a_parent_folder() throws Exception {
    config("url=" + bad, "env.test.url=" + good);
    Path sub = Files.createDirectories(cli.workingDir().resolve("deep/er"));
    CliRunner inSub = CliRunner.forProject(db, tmp).withoutEnv("DBMIGRATE_URL").in(sub);

    assertUsedBad(inSub.run("status"));
    inSub.run("status", "--env", "test").assertExit(ExitCodes.OK);
  }

  @Test
  void config_option_names_another_file() throws Exception {
    config("url=" + bad);
    Files.writeString(cli.workingDir().resolve("other.properties"), "url=" + good + "\n");

    cli.run("status", "--config", "other.properties").assertExit(ExitCodes.OK);

    CliRunner.Result missing =
        cli.run("status", "--config", "nope.properties")
            .assertExit(3)
            .assertNoStackTrace()
            .assertOneLineError();
    assertTrue(missing.err().contains("nope.properties does not exist"), missing::toString);
  }

  @Test
  void an_unknown_setting_in_the_config_file_exits_3() throws Exception {
    config("url=" + good, "uri=" + good);

    CliRunner.Result r = cli.run("status").assertExit(3).assertNoStackTrace().assertOneLineError();

    assertTrue(r.err().contains("unknown setting 'uri'"), r::toString);
  }

  @Test
  void the_config_file_can_set_the_history_table() throws Exception {
    config("url=" + good, "table=custom_history");

    cli.run("latest").assertExit(ExitCodes.OK);

    assertTrue(state.tableExists("custom_history"));
    assertTrue(!state.historyExists());
  }
}
