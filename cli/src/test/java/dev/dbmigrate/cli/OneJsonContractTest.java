package dev.dbmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.lambda.MigrationFailedError;
import dev.dbmigrate.lambda.MigrationHandler;
import dev.dbmigrate.testing.PostgresDatabase;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One result rendered by both front ends: the CLI's {@code --json} and the Lambda function's reply
 * are the same JSON, and a failure has the same shape, each message in its front end's words.
 */
class OneJsonContractTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  @TempDir Path tmp;

  private Map<String, String> functionEnv(String... more) {
    Map<String, String> env = new HashMap<>();
    env.put("DBMIGRATE_URL", db.url());
    env.put("DBMIGRATE_USER", db.user());
    if (db.password() != null && !db.password().isEmpty()) {
      env.put("DBMIGRATE_PASSWORD", db.password());
    }
    env.put("DBMIGRATE_SSL_MODE", "disable");
    for (int i = 0; i < more.length; i += 2) {
      env.put(more[i], more[i + 1]);
    }
    return env;
  }

  @Test
  void status_is_the_same_json_from_the_command_line_and_from_the_function() throws Exception {
    Path repoMigrations =
        Path.of("").toAbsolutePath().getParent().resolve("migrations/src/main/java");
    CliRunner cli =
        CliRunner.forProject(db, tmp)
            .withEnv("DBMIGRATE_MIGRATIONS_DIR", repoMigrations.toString());
    cli.run("latest").assertExit(0);

    String fromCli = cli.run("status", "--json").assertExit(0).out().strip();
    String fromFunction;
    try (MigrationHandler handler = new MigrationHandler(functionEnv(), null)) {
      fromFunction = Json.write(handler.handleRequest(Map.of("command", "status"), null));
    }
    assertEquals(fromCli, fromFunction);
    assertTrue(fromCli.contains("\"target\":{\"host\""), fromCli);
  }

  @Test
  void a_bad_setting_fails_in_the_same_shape_each_front_end_naming_its_own_setting()
      throws Exception {
    CliRunner cli = CliRunner.forProject(db, tmp);
    Object fromCli =
        MiniJson.parse(cli.run("latest", "--json", "--lock-timeout", "1d").assertExit(3).out());
    MigrationFailedError error;
    try (MigrationHandler handler =
        new MigrationHandler(functionEnv("DBMIGRATE_LOCK_TIMEOUT", "1d"), null)) {
      error = assertThrows(MigrationFailedError.class, () -> handler.handleRequest(Map.of(), null));
    }
    Object fromFunction = MiniJson.parse(error.getMessage());
    assertEquals(MiniJson.at(fromCli, "error", "code"), MiniJson.at(fromFunction, "error", "code"));
    assertEquals(
        ((Map<?, ?>) fromCli).keySet(), ((Map<?, ?>) fromFunction).keySet(), error::getMessage);
    assertTrue(
        String.valueOf(MiniJson.at(fromCli, "error", "message")).startsWith("--lock-timeout '1d'"));
    assertTrue(
        String.valueOf(MiniJson.at(fromFunction, "error", "message"))
            .startsWith("DBMIGRATE_LOCK_TIMEOUT '1d'"));
  }
}
