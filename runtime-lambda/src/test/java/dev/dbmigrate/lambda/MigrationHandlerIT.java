package dev.dbmigrate.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.aws.testing.FakeSecretsManager;
import dev.dbmigrate.testing.PostgresDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The packaged function, started in a fresh JVM by the Lambda runtime interface client against a
 * local Runtime API and a local Secrets Manager, as the Lambda service would run it: the handler
 * string, the jar's contents, the shaded service files and the migrations' sources all have to be
 * right for this to pass.
 */
class MigrationHandlerIT {

  static final String EXAMPLE = "20261124160632_CreateInitialDemoTable";
  static final String PASSWORD = "it-Pa55word-never-logged";
  static final Duration INVOKE_TIMEOUT = Duration.ofSeconds(60);

  /** {@code java -cp dbmigrate-lambda.jar:<runtime client> AWSLambda <handler>}. */
  @Nested
  class JarOnTheClasspath {

    @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

    @Test
    void appliesTheExampleMigrationAndReportsFailuresAsErrors(@TempDir Path dir) throws Exception {
      Path taskRoot = Files.createDirectory(dir.resolve("task"));
      List<String> classpath = new ArrayList<>();
      classpath.add(LambdaProcess.functionJar().toString());
      classpath.addAll(LambdaProcess.runtimeClasspath());
      runFunction(db, classpath, taskRoot);
    }
  }

  /**
   * The managed runtime unpacks the deployment package into /var/task and loads it from there:
   * migrations are then found in a directory, not a jar.
   */
  @Nested
  class UnpackedLikeTheManagedRuntime {

    @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

    @Test
    void appliesTheExampleMigrationFromTheUnpackedTaskRoot(@TempDir Path dir) throws Exception {
      Path taskRoot = Files.createDirectory(dir.resolve("task"));
      unzip(LambdaProcess.functionJar(), taskRoot);
      runFunction(db, LambdaProcess.runtimeClasspath(), taskRoot);
    }
  }

  @Test
  void theJarHoldsDirectoryEntriesAndSourcesForTheMigrations() throws IOException {
    try (JarFile jar = new JarFile(LambdaProcess.functionJar().toFile())) {
      assertTrue(jar.getJarEntry("db/migration/").isDirectory(), "db/migration/ entry");
      assertTrue(jar.getJarEntry("db/migration/M" + EXAMPLE + ".class") != null);
      assertTrue(jar.getJarEntry("db/migration/M" + EXAMPLE + ".java") != null);
      assertTrue(jar.getJarEntry("dev/dbmigrate/lambda/rds-global-bundle.pem") != null);
      assertTrue(jar.getJarEntry("org/postgresql/Driver.class") != null);
      assertTrue(
          jar.getJarEntry("software/amazon/awssdk/http/apache/ApacheHttpClient.class") == null,
          "only the URL-connection HTTP client");
      assertTrue(jar.getJarEntry("dev/dbmigrate/lambda/it/ok/") == null, "no test classes");
      for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
        String name = e.nextElement().getName();
        assertFalse(name.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)"), name);
      }
    }
  }

  private static void runFunction(PostgresDatabase db, List<String> classpath, Path taskRoot)
      throws Exception {
    try (FakeSecretsManager aws = new FakeSecretsManager();
        FakeRuntimeApi runtime = new FakeRuntimeApi()) {
      String arn =
          aws.put(
              "prod/dbmigrate",
              Fixtures.secret(
                  db.host(),
                  db.port(),
                  db.name(),
                  db.user(),
                  db.password().isEmpty() ? PASSWORD : db.password()));
      Map<String, String> env =
          Map.of(
              "AWS_LAMBDA_RUNTIME_API",
              runtime.address(),
              "AWS_ENDPOINT_URL_SECRETS_MANAGER",
              aws.endpoint().toString(),
              "AWS_REGION",
              FakeSecretsManager.REGION,
              "AWS_ACCESS_KEY_ID",
              "AKIDTEST",
              "AWS_SECRET_ACCESS_KEY",
              "test-secret",
              "AWS_SESSION_TOKEN",
              "test-token",
              "DBMIGRATE_SECRET_ID",
              arn,
              "DBMIGRATE_SSLMODE",
              "disable");
      LambdaProcess function = LambdaProcess.start(classpath, taskRoot, env);
      try {
        FakeRuntimeApi.Outcome latest = invoke(runtime, function, "{\"command\":\"latest\"}");
        assertTrue(latest.succeeded(), latest + "\n" + function.output());
        JsonNode reply = JsonNode.parser().parse(latest.body());
        assertTrue(reply.field("success").orElseThrow().asBoolean());
        assertEquals("1", reply.field("batch").orElseThrow().asNumber());
        JsonNode executed = reply.field("executed").orElseThrow().asArray().get(0);
        assertEquals(EXAMPLE, Fixtures.text(executed, "name"));
        assertEquals("up", Fixtures.text(executed, "direction"));
        assertEquals(
            1L, db.scalar("select count(*) from pg_tables where tablename = 'demo_table'"));

        FakeRuntimeApi.Outcome status = invoke(runtime, function, "{\"command\":\"status\"}");
        JsonNode migration =
            JsonNode.parser()
                .parse(status.body())
                .field("migrations")
                .orElseThrow()
                .asArray()
                .get(0);
        assertEquals("applied", Fixtures.text(migration, "state"), status.body());

        FakeRuntimeApi.Outcome bad = invoke(runtime, function, "{\"command\":\"migrate\"}");
        assertEquals("error", bad.kind(), bad.toString());
        JsonNode error = JsonNode.parser().parse(bad.body());
        assertEquals(MigrationFailedError.class.getName(), Fixtures.text(error, "errorType"));
        JsonNode failure = JsonNode.parser().parse(Fixtures.text(error, "errorMessage"));
        assertEquals("CONFIGURATION", Fixtures.text(failure, "code"));
        assertEquals("migrate", Fixtures.text(failure, "command"));

        assertEquals(1, aws.reads(), "one secret read for the container's three invocations");
        assertTrue(function.isAlive(), "a failed invocation leaves the container running");
        String log = function.output();
        assertTrue(log.contains("dbmigrate latest: applied " + EXAMPLE + " in "), log);
        assertFalse(log.contains(PASSWORD), log);
        assertFalse(log.contains("Thank you for using jOOQ"), "jOOQ's banner is off:\n" + log);
      } finally {
        function.close();
        // Kept in the failsafe report: what the function's log would show in CloudWatch.
        System.out.println("--- the function printed:\n" + function.output());
      }
    }
  }

  /** Invokes and waits for the answer; fails at once, with what it printed, if the JVM dies. */
  private static FakeRuntimeApi.Outcome invoke(
      FakeRuntimeApi runtime, LambdaProcess function, String event) throws Exception {
    CompletableFuture<FakeRuntimeApi.Outcome> outcome = runtime.submit(event);
    long deadline = System.nanoTime() + INVOKE_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        return outcome.get(250, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (!function.isAlive()) {
          throw new AssertionError("the function's JVM ended; it printed:\n" + function.output());
        }
      }
    }
    throw new AssertionError(
        "no answer within "
            + INVOKE_TIMEOUT.toSeconds()
            + " s; the function"
            + " printed:\n"
            + function.output());
  }

  private static void unzip(Path jar, Path into) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
        JarEntry entry = e.nextElement();
        Path target = into.resolve(entry.getName()).normalize();
        if (!target.startsWith(into)) {
          throw new IOException("entry outside the task root: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          try (InputStream in = file.getInputStream(entry)) {
            Files.copy(in, target);
          }
        }
      }
    }
  }
}
