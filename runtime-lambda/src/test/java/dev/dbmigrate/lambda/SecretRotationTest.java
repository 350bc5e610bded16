package dev.dbmigrate.lambda;

import static dev.dbmigrate.lambda.Fixtures.event;
import static dev.dbmigrate.lambda.Fixtures.failure;
import static dev.dbmigrate.lambda.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.aws.testing.FakeSecretsManager;
import dev.dbmigrate.testing.PasswordPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Password rotation against a server that checks passwords: the container's kept secret goes stale,
 * the database refuses it, and the handler reads the secret again and retries once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretRotationTest {

  @RegisterExtension static final PasswordPostgres pg = new PasswordPostgres();

  static final String ROLE = "dbm_lambda_rotation";
  static final String FIRST = "first-Pa55-rot";
  static final String SECOND = "second-Pa55-rot";
  static final String THIRD = "third-Pa55-rot";

  static FakeSecretsManager aws;
  static SecretsManagerClient client;

  @BeforeAll
  static void start() throws Exception {
    pg.createRole(ROLE, FIRST);
    aws = new FakeSecretsManager();
    client = aws.client();
    aws.put("app/rotating", secret(FIRST));
  }

  @AfterAll
  static void stop() {
    client.close();
    aws.close();
  }

  @Test
  @Order(1)
  void aRotatedPasswordIsReadAgainAndTheCommandRetriedOnce() throws Exception {
    TestContext context = new TestContext();
    try (MigrationHandler handler = handler()) {
      assertEquals(1, aws.reads(), "read when the container started");

      // Rotation, as the rotation function does it: the database first, then the secret.
      pg.execute("ALTER ROLE " + ROLE + " PASSWORD '" + SECOND + "'");
      aws.put("app/rotating", secret(SECOND));

      Map<String, Object> reply = handler.handleRequest(event("latest"), context);
      assertEquals(true, reply.get("success"));
      assertEquals(2, ((List<?>) reply.get("executed")).size());
      assertEquals(2, aws.reads(), "read again once, after the refusal");
      assertEquals(ROLE, pg.scalar("select tableowner from pg_tables where tablename = 'widgets'"));

      String log = context.log();
      assertTrue(
          log.contains(
              "dbmigrate latest: the database refused the credentials; reading"
                  + " secret app/rotating again\n"),
          log);
      assertTrue(log.contains("dbmigrate latest: the secret changed (rotated); retrying as"), log);
      assertFalse(log.contains(FIRST) || log.contains(SECOND), log);

      assertEquals(true, handler.handleRequest(event("status"), context).get("upToDate"));
      assertEquals(2, aws.reads(), "the new secret is kept");
    }
  }

  @Test
  @Order(2)
  void aPasswordTheSecretDoesNotKnowFailsWithAuthenticationAfterOneRead() throws Exception {
    pg.execute("ALTER ROLE " + ROLE + " PASSWORD '" + THIRD + "'");
    TestContext context = new TestContext();
    try (MigrationHandler handler = handler()) {
      int before = aws.reads();
      JsonNode reply = failure(handler, event("status"), context);
      assertEquals("AUTHENTICATION", text(reply, "code"));
      assertTrue(
          text(reply, "message")
              .contains("password authentication failed for user \"" + ROLE + "\""),
          text(reply, "message"));
      assertFalse(reply.toString().contains(SECOND));
      assertEquals(before + 1, aws.reads(), "read again once; unchanged, so no second attempt");
      assertTrue(context.log().contains("the secret has not changed; not retrying"), context.log());
    }
  }

  private static MigrationHandler handler() {
    return new MigrationHandler(Fixtures.env("app/rotating", Fixtures.OK_PACKAGE), () -> client);
  }

  private static String secret(String password) {
    return Fixtures.secret(pg.host(), pg.port(), pg.name(), ROLE, password);
  }
}
