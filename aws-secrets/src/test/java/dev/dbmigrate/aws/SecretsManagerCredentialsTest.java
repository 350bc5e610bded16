package dev.dbmigrate.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.aws.testing.FakeSecretsManager;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The real SDK client against a local Secrets Manager endpoint. */
class SecretsManagerCredentialsTest {

  static final String SECRET =
      "{\"username\":\"app\",\"password\":\"first-SENSITIVE\","
          + "\"host\":\"db.internal\",\"port\":5432,\"dbname\":\"app\",\"engine\":\"postgres\"}";

  FakeSecretsManager aws;
  SecretsManagerClient client;

  @BeforeEach
  void start() throws IOException {
    aws = new FakeSecretsManager();
    client = aws.client();
  }

  @AfterEach
  void stop() {
    client.close();
    aws.close();
  }

  @Test
  void readsOnceAndKeepsTheValue() {
    aws.put("app/db", SECRET);
    SecretsManagerCredentials credentials = new SecretsManagerCredentials(client, "app/db");
    DatabaseSecret first = credentials.get();
    assertEquals("first-SENSITIVE", first.password());
    assertEquals("db.internal", first.host());
    assertSame(first, credentials.get());
    assertEquals(1, aws.reads());
  }

  @Test
  void refreshReadsTheRotatedValue() {
    aws.put("app/db", SECRET);
    SecretsManagerCredentials credentials = new SecretsManagerCredentials(client, "app/db");
    credentials.get();
    aws.put("app/db", SECRET.replace("first-SENSITIVE", "second-SENSITIVE"));
    assertEquals("first-SENSITIVE", credentials.get().password(), "kept until refreshed");
    assertEquals("second-SENSITIVE", credentials.refresh().password());
    assertEquals("second-SENSITIVE", credentials.get().password());
    assertEquals(2, aws.reads());
  }

  @Test
  void findsTheSecretByArn() {
    String arn = aws.put("app/db", SECRET);
    assertEquals("app", new SecretsManagerCredentials(client, arn).get().username());
  }

  @Test
  void aMissingSecretIsNamed() {
    MigrationException e =
        assertThrows(
            MigrationException.class,
            () -> new SecretsManagerCredentials(client, "app/nope").get());
    assertEquals(ErrorCode.CONFIGURATION, e.code());
    assertTrue(
        e.getMessage().startsWith("secret 'app/nope' was not found in region us-east-1"),
        e.getMessage());
  }

  @Test
  void accessDeniedSaysWhichPermissionIsMissing() {
    aws.put("app/db", SECRET);
    aws.deny("app/db");
    MigrationException e =
        assertThrows(
            MigrationException.class, () -> new SecretsManagerCredentials(client, "app/db").get());
    assertEquals(ErrorCode.CONFIGURATION, e.code());
    assertTrue(
        e.getMessage().contains("secret 'app/db' may not be read: access denied")
            && e.getMessage().contains("secretsmanager:GetSecretValue"),
        e.getMessage());
  }

  @Test
  void aSecretThatIsNotJsonIsReportedWithoutItsValue() {
    aws.put("app/db", "postgres://app:SENSITIVE@db/app");
    MigrationException e =
        assertThrows(
            MigrationException.class, () -> new SecretsManagerCredentials(client, "app/db").get());
    assertTrue(e.getMessage().contains("secret 'app/db' is not a JSON object"), e.getMessage());
    assertFalse(e.getMessage().contains("SENSITIVE"), e.getMessage());
  }

  @Test
  void anEmptySecretIdIsAConfigurationError() {
    MigrationException e =
        assertThrows(MigrationException.class, () -> new SecretsManagerCredentials(client, " "));
    assertEquals(ErrorCode.CONFIGURATION, e.code());
  }

  /** The CLI's one call finds the endpoint, region and credentials the standard SDK ways. */
  @Test
  void createHonoursTheStandardEndpointSettingAndTakesTheRegionFromTheArn() {
    String arn = aws.put("app/db", SECRET);
    String[] keys = {"aws.endpointUrlSecretsManager", "aws.accessKeyId", "aws.secretAccessKey"};
    System.setProperty(keys[0], aws.endpoint().toString());
    System.setProperty(keys[1], "AKIDTEST");
    System.setProperty(keys[2], "test-secret");
    try (SecretsManagerCredentials credentials = SecretsManagerCredentials.create(arn, null)) {
      assertEquals("first-SENSITIVE", credentials.get().password());
      assertEquals(1, aws.reads());
    } finally {
      for (String key : keys) {
        System.clearProperty(key);
      }
    }
  }

  @Test
  void regionOfArn() {
    assertEquals(
        "eu-west-1",
        SecretsManagerCredentials.regionOfArn("arn:aws:secretsmanager:eu-west-1:1:secret:a/b-x"));
    assertNull(SecretsManagerCredentials.regionOfArn("app/db"));
    assertNull(SecretsManagerCredentials.regionOfArn(null));
  }
}
