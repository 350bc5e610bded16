package dev.dbmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.PostgresDatabase;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run says it is about to touch, and that it never waits forever to find out: the target on
 * stderr and in JSON, the config file's default environment, the libpq variables below every
 * explicit source, and bounded connection attempts against a server that never answers.
 */
class ConnectionTargetTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  @TempDir Path tmp;
  CliRunner cli;
  String bad;

  @BeforeEach
  void setUp() throws Exception {
    cli = CliRunner.forProject(db, tmp);
    cli.files().createTable(MigrationFiles.ts(1), "A", "t_a");
    bad = db.url().replace("/" + db.name(), "/" + db.name() + "_missing");
  }

  private void config(String... lines) throws Exception {
    Files.writeString(
        cli.workingDir().resolve("dbmigrate.properties"), String.join("\n", lines) + "\n");
  }

  @Test
  @Timeout(60) // today's code waited forever
  void a_server_that_accepts_tcp_and_never_answers_fails_in_bounded_time_naming_host_and_port()
      throws Exception {
    List<Socket> held = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    held.add(silent.accept());
                  }
                } catch (java.io.IOException closed) {
                  // the test is over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      String url = "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/app";
      long start = System.nanoTime();
      CliRunner.Result r =
          cli.withEnv("DBMIGRATE_URL", url)
              .run("status", "--login-timeout", "2s")
              .assertExit(4)
              .assertNoStackTrace();
      long seconds = (System.nanoTime() - start) / 1_000_000_000L;
      assertTrue(seconds < 15, "took " + seconds + " s; " + r);
      assertTrue(r.stderr().contains("127.0.0.1:" + silent.getLocalPort()), r::toString);
      assertTrue(r.stderr().contains("login-timeout"), r::toString);
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void the_target_is_printed_to_stderr_in_text_and_is_a_field_in_json() throws Exception {
    CliRunner.Result text = cli.run("status").assertExit(0);
    assertTrue(
        text.stderr()
            .contains("dbmigrate: target: " + db.host() + ":" + db.port() + "/" + db.name()),
        text::toString);
    assertFalse(text.out().contains("target"), text::toString);

    CliRunner.Result json = cli.run("status", "--json").assertExit(0);
    Object reply = MiniJson.parse(json.out());
    assertEquals(db.name(), MiniJson.at(reply, "target", "database"), json::toString);
    assertEquals(db.user(), MiniJson.at(reply, "target", "user"), json::toString);
    assertFalse(json.stderr().contains("target:"), json::toString);
  }

  @Test
  void without_env_a_file_whose_environments_hold_the_target_uses_development_and_names_it()
      throws Exception {
    config("env.development.url=" + db.url(), "env.production.url=" + bad);
    CliRunner.Result r = cli.withoutEnv("DBMIGRATE_URL").run("latest").assertExit(0);
    assertTrue(r.stderr().contains("(environment development)"), r::toString);
  }

  @Test
  void default_env_in_the_file_names_the_environment_to_use() throws Exception {
    config("default-env=staging", "env.staging.url=" + db.url(), "env.production.url=" + bad);
    CliRunner.Result r = cli.withoutEnv("DBMIGRATE_URL").run("status").assertExit(0);
    assertTrue(r.stderr().contains("(environment staging)"), r::toString);
  }

  @Test
  void without_env_and_nothing_to_fall_back_to_the_environments_are_listed() throws Exception {
    config("env.staging.url=" + db.url(), "env.production.url=" + bad);
    CliRunner.Result r =
        cli.withoutEnv("DBMIGRATE_URL").run("status").assertExit(3).assertNoStackTrace();
    assertTrue(r.stderr().contains("--env"), r::toString);
    assertTrue(r.stderr().contains("production, staging"), r::toString);
  }

  @Test
  void ambient_libpq_variables_never_override_an_explicit_url_and_are_named() throws Exception {
    CliRunner.Result r =
        cli.withoutEnv("DBMIGRATE_URL")
            .withEnv("PGHOST", "laptop.invalid")
            .withEnv("PGDATABASE", "postgres")
            .run("latest", "--url", db.url())
            .assertExit(0);
    assertTrue(r.stderr().contains("PGHOST=laptop.invalid is not used"), r::toString);
    assertTrue(r.stderr().contains("PGDATABASE=postgres is not used"), r::toString);
  }

  @Test
  void the_config_file_beats_the_libpq_variables() throws Exception {
    config("url=" + db.url());
    cli.withoutEnv("DBMIGRATE_URL")
        .withEnv("PGDATABASE", db.name() + "_missing")
        .run("status")
        .assertExit(0);
  }

  /**
   * With nothing naming a database, the run uses dbmigrate's own, and creates it when absent; a
   * read-only command does not. The server's {@code dbmigrate} database is left as it was found.
   */
  @Test
  void the_default_database_is_dbmigrate_and_a_changing_command_creates_it() throws Exception {
    CliRunner noDatabase =
        cli.withoutEnv("DBMIGRATE_URL")
            .withEnv("DBMIGRATE_HOST", db.host())
            .withEnv("DBMIGRATE_PORT", Integer.toString(db.port()));
    boolean existed;
    try (java.sql.Connection admin =
            java.sql.DriverManager.getConnection(db.adminUrl(), db.user(), db.password());
        java.sql.Statement st = admin.createStatement();
        java.sql.ResultSet rs =
            st.executeQuery("select count(*) from pg_database where datname = 'dbmigrate'")) {
      rs.next();
      existed = rs.getLong(1) > 0;
    }
    if (!existed) {
      CliRunner.Result status = noDatabase.run("status").assertExit(4);
      assertTrue(status.err().contains("does not exist"), status::toString);
      assertTrue(status.err().contains("dbmigrate latest, creates it"), status::toString);
    }
    CliRunner.Result r = noDatabase.run("latest", "--table", "dbm_target_test").assertExit(0);
    assertTrue(
        r.stderr().contains("target: " + db.host() + ":" + db.port() + "/dbmigrate"), r::toString);
    assertEquals(!existed, r.stderr().contains("created database dbmigrate"), r::toString);
    try (java.sql.Connection admin =
            java.sql.DriverManager.getConnection(db.adminUrl(), db.user(), db.password());
        java.sql.Statement st = admin.createStatement()) {
      if (!existed) {
        st.execute("drop database dbmigrate with (force)");
      }
    }
    if (existed) {
      noDatabase.run("rollback", "--all", "--table", "dbm_target_test").assertExit(0);
    }
  }
}
