package dev.dbmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.dbmigrate.lambda.MigrationFailedError;
import dev.dbmigrate.lambda.MigrationHandler;
import dev.dbmigrate.testing.PostgresDatabase;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The whole pipeline step on one machine: {@code dbmigrate invoke} calls a local endpoint that
 * speaks the Lambda Invoke API and runs the real handler from runtime-lambda against the real
 * PostgreSQL, answering as the Lambda service does (a function error for a thrown exception).
 */
@SuppressWarnings("try") // each test holds the served handler open for its block and never reads it
class InvokeEndToEndTest {

  /** A Lambda context with a deadline, for the handler's time limit. */
  private static final class CountdownContext implements Context {
    private final long deadlineNanos;

    CountdownContext(Duration remaining) {
      deadlineNanos = System.nanoTime() + remaining.toNanos();
    }

    @Override
    public int getRemainingTimeInMillis() {
      return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }

    @Override
    public String getAwsRequestId() {
      return "e2e";
    }

    @Override
    public String getLogGroupName() {
      return "/aws/lambda/dbmigrate-dev";
    }

    @Override
    public String getLogStreamName() {
      return "e2e";
    }

    @Override
    public String getFunctionName() {
      return "dbmigrate-dev";
    }

    @Override
    public String getFunctionVersion() {
      return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
      return "arn:aws:lambda:eu-west-1:123456789012:function:dbmigrate-dev";
    }

    @Override
    public CognitoIdentity getIdentity() {
      return null;
    }

    @Override
    public ClientContext getClientContext() {
      return null;
    }

    @Override
    public int getMemoryLimitInMB() {
      return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
      return null;
    }
  }

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  @TempDir Path tmp;
  private FakeAws aws;
  private CliRunner cli;

  @BeforeEach
  void start() throws Exception {
    db.execute("drop schema public cascade; create schema public");
    aws = new FakeAws();
    cli =
        CliRunner.forProject(db, tmp)
            .withEnv("AWS_ENDPOINT_URL_LAMBDA", aws.endpoint())
            .withEnv("AWS_REGION", "eu-west-1")
            .withEnv("AWS_ACCESS_KEY_ID", "AKIAPIPELINEKEY")
            .withEnv("AWS_SECRET_ACCESS_KEY", "pipeline-secret");
  }

  @AfterEach
  void stop() {
    aws.close();
  }

  /** Serves invocations with a handler configured as the function's environment would be. */
  private MigrationHandler serveHandler(String migrationsPackage) {
    return serveHandler(migrationsPackage, null);
  }

  /**
   * The same, each invocation getting {@code remaining} to run in, as Lambda's context counts it
   * down; null for no context at all.
   */
  private MigrationHandler serveHandler(String migrationsPackage, Duration remaining) {
    Map<String, String> env = new HashMap<>();
    env.put("DBMIGRATE_URL", db.url());
    env.put("DBMIGRATE_USER", db.user());
    if (!db.password().isEmpty()) {
      env.put("DBMIGRATE_PASSWORD", db.password());
    }
    env.put("DBMIGRATE_SSLMODE", "disable");
    env.put("DBMIGRATE_MIGRATIONS_PACKAGE", migrationsPackage);
    MigrationHandler handler = new MigrationHandler(env, null);
    aws.answer(
        (x, body) -> {
          Map<String, Object> event = new LinkedHashMap<>();
          JsonNode.parser()
              .parse(body)
              .asObject()
              .forEach(
                  (k, v) -> event.put(k, v.isBoolean() ? (Object) v.asBoolean() : v.asString()));
          try {
            FakeAws.reply(
                x,
                200,
                Json.write(
                    handler.handleRequest(
                        event, remaining == null ? null : new CountdownContext(remaining))),
                null,
                "handler ran\n");
          } catch (MigrationFailedError e) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("errorMessage", e.getMessage());
            error.put("errorType", e.getClass().getName());
            FakeAws.reply(x, 200, Json.write(error), "Unhandled", "handler failed\n");
          }
        });
    return handler;
  }

  @Test
  void invoke_runs_the_handler_and_the_migrations_are_applied() throws SQLException {
    try (MigrationHandler ignored = serveHandler("db.migration")) {
      CliRunner.Result r = cli.run("invoke", "--function", "dbmigrate-dev").assertExit(0);
      assertTrue(r.out().contains("20261124160632_CreateInitialDemoTable"), r.toString());
      assertTrue(db.scalar("select to_regclass('public.demo_table')") != null);
      cli.run("invoke", "--function", "dbmigrate-dev").assertExit(0);
      assertEquals(1L, db.scalar("select count(*) from dbmigrate_migrations"));
    }
  }

  @Test
  void a_failing_migration_makes_invoke_exit_non_zero_naming_it() throws SQLException {
    try (MigrationHandler ignored = serveHandler("dev.dbmigrate.cli.e2e.failing")) {
      CliRunner.Result r = cli.run("invoke", "--function", "dbmigrate-dev").assertExit(1);
      assertTrue(r.err().contains("20260101000002_BreakThings"), r.toString());
      assertTrue(r.err().contains("e2e_no_such_table"), r.toString());
      assertEquals(
          1L,
          db.scalar("select count(*) from dbmigrate_migrations"),
          "the migration before the failing one stays applied");
    }
  }

  /**
   * A migration longer than the invocation's time: the function cancels it before Lambda would stop
   * the function, and the pipeline step exits with its own code, not "the function timed out, state
   * unknown".
   */
  @Test
  void a_migration_longer_than_the_function_may_run_exits_24_with_nothing_of_it_applied()
      throws SQLException {
    try (MigrationHandler ignored =
        serveHandler("dev.dbmigrate.cli.e2e.slow", Duration.ofSeconds(5))) {
      CliRunner.Result r =
          cli.run("invoke", "--function", "dbmigrate-dev").assertExit(24).assertNoStackTrace();
      assertTrue(r.err().contains("20260101000003_LongBackfill"), r.toString());
      assertTrue(r.err().contains("canceled the running statement"), r.toString());
      assertEquals(null, db.scalar("select to_regclass('public.e2e_backfill')"));
      assertEquals(0L, db.scalar("select count(*) from dbmigrate_migrations"));
      assertEquals(
          0L,
          db.scalar(
              "select count(*) from pg_locks l join pg_database d on d.oid = l.database"
                  + " where l.locktype = 'advisory' and d.datname = current_database()"));
    }
  }

  /**
   * The CLI computes a checksum from the source file it compiles; the function from the source
   * packaged next to the class in the jar. Applied by one, checked by the other: unchanged.
   */
  @Test
  void checksums_agree_between_the_cli_compiling_sources_and_the_function_loading_the_jar()
      throws SQLException {
    Path repoMigrations =
        Path.of("").toAbsolutePath().getParent().resolve("migrations/src/main/java");
    cli.withEnv("DBMIGRATE_MIGRATIONS_DIR", repoMigrations.toString()).run("latest").assertExit(0);
    try (MigrationHandler ignored = serveHandler("db.migration")) {
      CliRunner.Result r =
          cli.run("invoke", "--function", "f", "--command", "status", "--json").assertExit(0);
      assertTrue(r.out().contains("\"state\":\"applied\""), r.toString());
      assertTrue(r.out().contains("\"upToDate\":true"), r.toString());
    }
  }
}
