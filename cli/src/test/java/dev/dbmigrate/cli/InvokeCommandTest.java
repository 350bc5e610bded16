package dev.dbmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dbmigrate invoke} against a local endpoint that speaks the Lambda Invoke API: the exit
 * code is 0 only when the function and the migrations succeeded, and an invocation is never sent
 * twice.
 */
class InvokeCommandTest {

  private static final String OK_REPLY =
      """
      {"command":"latest","success":true,"batch":2,
       "executed":[{"name":"20260101000001_A","direction":"up","millis":12}],"pending":[]}""";

  @TempDir Path tmp;
  private FakeAws aws;
  private CliRunner cli;

  @BeforeEach
  void start() throws IOException {
    aws = new FakeAws();
    cli =
        CliRunner.forProject("jdbc:postgresql://127.0.0.1:1/unused", "unused", null, tmp)
            .withEnv("AWS_ENDPOINT_URL_LAMBDA", aws.endpoint())
            .withEnv("AWS_ENDPOINT_URL_STS", aws.endpoint())
            .withEnv("AWS_REGION", "eu-west-1")
            .withEnv("AWS_ACCESS_KEY_ID", "AKIAPIPELINEKEY")
            .withEnv("AWS_SECRET_ACCESS_KEY", "pipeline-secret");
  }

  @AfterEach
  void stop() {
    aws.close();
  }

  @Test
  void success_prints_the_log_tail_and_summary_and_exits_0() {
    aws.answer(
        (x, body) -> FakeAws.reply(x, 200, OK_REPLY, null, "START\napplied 20260101000001_A\nEND"));
    CliRunner.Result r = cli.run("invoke", "--function", "dbmigrate-dev").assertExit(0);
    assertTrue(r.err().contains("applied 20260101000001_A"), r.toString());
    assertTrue(r.out().contains("ran 1 migration (batch 2)"), r.toString());
    assertTrue(r.out().contains("20260101000001_A"), r.toString());
    assertEquals(1, aws.invocations().size());
    assertEquals(
        "/2015-03-31/functions/dbmigrate-dev/invocations", aws.invocations().get(0).path());
    assertEquals("Tail", aws.invocations().get(0).logType());
    assertTrue(aws.invocations().get(0).body().contains("\"command\":\"latest\""));
  }

  @Test
  void json_prints_the_functions_reply() {
    aws.answer((x, body) -> FakeAws.reply(x, 200, OK_REPLY, null, ""));
    CliRunner.Result r = cli.run("invoke", "--function", "f", "--json").assertExit(0);
    assertEquals(
        "20260101000001_A",
        ((java.util.Map<?, ?>)
                ((java.util.List<?>)
                        ((java.util.Map<?, ?>) MiniJson.parse(r.out())).get("executed"))
                    .get(0))
            .get("name"));
  }

  @Test
  void command_options_reach_the_event() {
    aws.answer(
        (x, body) ->
            FakeAws.reply(
                x,
                200,
                "{\"command\":\"rollback\",\"success\":true,\"executed\":[],\"pending\":[]}",
                null,
                ""));
    cli.run("invoke", "-f", "f", "--command", "rollback", "--all").assertExit(0);
    assertTrue(
        aws.invocations().get(0).body().contains("\"all\":true"), aws.invocations().toString());
  }

  @Test
  void dry_run_reaches_the_event() {
    aws.answer(
        (x, body) ->
            FakeAws.reply(
                x,
                200,
                "{\"command\":\"latest\",\"success\":true,\"dryRun\":true,\"migrations\":[],"
                    + "\"pending\":[]}",
                null,
                ""));
    cli.run("invoke", "-f", "f", "--dry-run").assertExit(0);
    assertTrue(
        aws.invocations().get(0).body().contains("\"dryRun\":true"), aws.invocations().toString());
  }

  @Test
  void failed_migration_exits_with_the_migrations_own_code_and_names_it() {
    String error =
        "{\"command\":\"latest\",\"success\":false,\"code\":\"MIGRATION_FAILED\","
            + "\"migration\":\"20260101000002_B\",\"message\":\"migration 20260101000002_B failed (up):"
            + " ERROR: relation \\\"x\\\" does not exist\"}";
    aws.answer(
        (x, body) ->
            FakeAws.reply(
                x,
                200,
                "{\"errorMessage\":"
                    + jsonString(error)
                    + ",\"errorType\":\"dev.dbmigrate.lambda.MigrationFailedError\"}",
                "Unhandled",
                "migration failed"));
    CliRunner.Result r = cli.run("invoke", "-f", "f").assertExit(1).assertNoStackTrace();
    assertTrue(r.err().contains("20260101000002_B failed (up)"), r.toString());
    assertTrue(r.err().contains("relation \"x\" does not exist"), r.toString());
  }

  @Test
  void other_engine_failures_keep_their_exit_code() {
    String error =
        "{\"success\":false,\"code\":\"LOCKED\",\"migration\":null,\"message\":\"another migration run holds the lock\"}";
    aws.answer(
        (x, body) ->
            FakeAws.reply(x, 200, "{\"errorMessage\":" + jsonString(error) + "}", "Unhandled", ""));
    cli.run("invoke", "-f", "f").assertExit(6);
  }

  @Test
  void success_shaped_reply_with_success_false_still_fails() {
    aws.answer(
        (x, body) ->
            FakeAws.reply(
                x,
                200,
                "{\"success\":false,\"code\":\"MIGRATION_FAILED\",\"message\":\"boom\"}",
                null,
                ""));
    CliRunner.Result r = cli.run("invoke", "-f", "f").assertExit(1);
    assertTrue(r.err().contains("boom"), r.toString());
  }

  @Test
  void unhandled_function_error_exits_20() {
    aws.answer(
        (x, body) ->
            FakeAws.reply(
                x,
                200,
                "{\"errorMessage\":\"java.lang.NullPointerException\",\"errorType\":\"java.lang.NullPointerException\"}",
                "Unhandled",
                ""));
    CliRunner.Result r = cli.run("invoke", "-f", "f").assertExit(20).assertNoStackTrace();
    assertTrue(r.err().contains("crashed"), r.toString());
  }

  @Test
  void function_timeout_exits_20_and_says_so() {
    aws.answer(
        (x, body) ->
            FakeAws.reply(
                x,
                200,
                "{\"errorMessage\":\"2026-11-24T10:00:00.000Z abc Task timed out after 900.00 seconds\"}",
                "Unhandled",
                ""));
    CliRunner.Result r = cli.run("invoke", "-f", "f").assertExit(20);
    assertTrue(r.err().contains("timed out"), r.toString());
  }

  @Test
  void out_of_memory_exits_20_and_says_so() {
    aws.answer(
        (x, body) ->
            FakeAws.reply(
                x,
                200,
                "{\"errorType\":\"Runtime.OutOfMemory\",\"errorMessage\":\"RequestId: x Error: Runtime exited with error: signal: killed\"}",
                "Unhandled",
                ""));
    CliRunner.Result r = cli.run("invoke", "-f", "f").assertExit(20);
    assertTrue(r.err().contains("ran out of memory"), r.toString());
  }

  @Test
  void throttled_exits_21_after_one_request() {
    aws.answer((x, body) -> FakeAws.apiError(x, 429, "TooManyRequestsException", "Rate Exceeded."));
    CliRunner.Result r = cli.run("invoke", "-f", "f").assertExit(21);
    assertTrue(r.err().contains("throttled"), r.toString());
    assertEquals(1, aws.invocations().size(), "an invocation is never retried");
  }

  @Test
  void missing_function_exits_21() {
    aws.answer(
        (x, body) ->
            FakeAws.apiError(x, 404, "ResourceNotFoundException", "Function not found: f"));
    CliRunner.Result r = cli.run("invoke", "-f", "f").assertExit(21);
    assertTrue(r.err().contains("was not found"), r.toString());
  }

  @Test
  void access_denied_exits_22() {
    aws.answer(
        (x, body) ->
            FakeAws.apiError(
                x,
                403,
                "AccessDeniedException",
                "User is not authorized to perform: lambda:InvokeFunction"));
    CliRunner.Result r = cli.run("invoke", "-f", "f").assertExit(22);
    assertTrue(r.err().contains("lambda:InvokeFunction"), r.toString());
    assertEquals(1, aws.invocations().size());
  }

  @Test
  void unreachable_api_exits_23() {
    CliRunner.Result r =
        cli.withEnv("AWS_ENDPOINT_URL_LAMBDA", "http://127.0.0.1:1")
            .run("invoke", "-f", "f")
            .assertExit(23)
            .assertNoStackTrace();
    assertTrue(r.err().contains("could not reach the Lambda API"), r.toString());
  }

  @Test
  void role_arn_assumes_the_role_and_signs_the_invocation_with_its_credentials() {
    aws.answer((x, body) -> FakeAws.reply(x, 200, OK_REPLY, null, ""));
    cli.run(
            "invoke",
            "-f",
            "arn:aws:lambda:eu-west-1:222222222222:function:prod-migrations",
            "--role-arn",
            "arn:aws:iam::222222222222:role/invoker")
        .assertExit(0);
    assertEquals(1, aws.stsCalls().size());
    assertTrue(
        aws.stsCalls()
            .get(0)
            .body()
            .contains("RoleArn=arn%3Aaws%3Aiam%3A%3A222222222222%3Arole%2Finvoker"),
        aws.stsCalls().get(0).body());
    assertTrue(
        aws.invocations().get(0).authorization().contains("Credential=ASIAASSUMEDROLEKEY/"),
        aws.invocations().get(0).authorization());
  }

  @Test
  void a_role_sts_refuses_exits_22_naming_sts_assume_role_not_lambda() {
    aws.denyAssumeRole(
        "User: arn:aws:iam::111111111111:user/ci is not authorized to perform: sts:AssumeRole on"
            + " resource: arn:aws:iam::222222222222:role/invoker");
    CliRunner.Result r =
        cli.run("invoke", "-f", "f", "--role-arn", "arn:aws:iam::222222222222:role/invoker")
            .assertExit(22)
            .assertNoStackTrace();
    assertTrue(
        r.err().contains("could not assume role arn:aws:iam::222222222222:role/invoker"),
        r.toString());
    assertTrue(r.err().contains("sts:AssumeRole"), r.toString());
    assertTrue(!r.err().contains("lambda:InvokeFunction"), r.toString());
    assertTrue(aws.invocations().isEmpty(), "nothing is invoked without the role");
  }

  @Test
  void an_unreachable_sts_exits_23_naming_sts_not_the_lambda_api() {
    CliRunner.Result r =
        cli.withEnv("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:1")
            .run("invoke", "-f", "f", "--role-arn", "arn:aws:iam::222222222222:role/invoker")
            .assertExit(23)
            .assertNoStackTrace();
    assertTrue(r.err().contains("could not reach AWS STS"), r.toString());
    assertTrue(!r.err().contains("Lambda API"), r.toString());
    assertTrue(aws.invocations().isEmpty());
  }

  @Test
  void an_empty_function_name_is_a_configuration_error_not_an_unreachable_api() {
    CliRunner.Result r = cli.run("invoke", "--function", "").assertExit(3).assertNoStackTrace();
    assertTrue(r.err().contains("--function is empty"), r.toString());
    assertTrue(aws.invocations().isEmpty());
  }

  @Test
  void missing_region_is_a_configuration_error() {
    cli.withoutEnv("AWS_REGION")
        .withoutEnv("AWS_DEFAULT_REGION")
        .run("invoke", "-f", "f")
        .assertExit(3);
    assertTrue(aws.invocations().isEmpty(), "nothing may be invoked without a region");
  }

  /**
   * The AWS CLI gives up after 60 s and invokes again. This waits past that and must still see one
   * invocation and its reply.
   */
  @Test
  void invocation_longer_than_60_seconds_is_waited_for_and_never_sent_twice() {
    aws.answer(
        (x, body) -> {
          try {
            Thread.sleep(62_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          FakeAws.reply(x, 200, OK_REPLY, null, "");
        });
    cli.run("invoke", "-f", "f").assertExit(0);
    assertEquals(1, aws.invocations().size());
  }

  private static String jsonString(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
