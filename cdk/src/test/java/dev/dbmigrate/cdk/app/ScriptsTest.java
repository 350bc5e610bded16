package dev.dbmigrate.cdk.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The operator scripts in bin/ check their arguments and tools before they touch AWS. */
class ScriptsTest {

  private static final Path BIN = Path.of("").toAbsolutePath().getParent().resolve("bin");

  record Run(int exitCode, String stdout, String stderr) {}

  @ParameterizedTest
  @ValueSource(strings = {"cdk-deploy-to.sh", "cdk-destroy.sh", "db-tunnel"})
  void without_arguments_prints_usage_and_exits_2(String script) throws Exception {
    Run run = run(System.getenv("PATH"), script);
    assertEquals(2, run.exitCode(), run.stderr());
    assertTrue(run.stderr().contains("usage: bin/" + script), run.stderr());

    Run help = run(System.getenv("PATH"), script, "--help");
    assertEquals(0, help.exitCode(), help.stderr());
    assertTrue(help.stdout().startsWith("usage: bin/" + script), help.stdout());
  }

  @Test
  void bad_values_are_named() throws Exception {
    Run run =
        run(
            System.getenv("PATH"),
            "cdk-deploy-to.sh",
            "111111111111",
            "2222",
            "eu-west-1",
            "codecommit:x");
    assertEquals(2, run.exitCode());
    assertTrue(
        run.stderr()
            .startsWith("cdk-deploy-to: PROD ACCOUNT must be a 12-digit account id, got '2222'"),
        run.stderr());
  }

  @Test
  void a_missing_tool_is_named_with_how_to_install_it() throws Exception {
    // Only the shell's own directory: no aws, no session-manager-plugin.
    Run run = run("/nonexistent", "db-tunnel", "Development-Database");
    assertEquals(3, run.exitCode(), run.stderr());
    assertTrue(run.stderr().contains("aws: the AWS CLI v2"), run.stderr());
    assertTrue(
        run.stderr().contains("session-manager-plugin: the Session Manager plugin"), run.stderr());
  }

  private static Run run(String path, String script, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("/bin/bash", BIN.resolve(script).toString()));
    command.addAll(List.of(args));
    var builder = new ProcessBuilder(command);
    builder.environment().put("PATH", path);
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(process.waitFor(), out, err);
  }
}
