package dev.dbmigrate.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigratorConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LambdaSettingsTest {

  @Test
  void defaultsProtectProduction() {
    LambdaSettings s =
        LambdaSettings.from(
            Map.of("DBMIGRATE_SECRET_ID", "app/db", "AWS_LAMBDA_FUNCTION_NAME", "migrate"));
    assertEquals("app/db", s.secretId());
    assertEquals("verify-full", s.sslMode());
    assertEquals("db.migration", s.migrationsPackage());
    assertNull(s.host());
    assertNull(s.port());
    MigratorConfig d = MigratorConfig.defaults();
    assertEquals(d.withAppliedBy("lambda:migrate"), s.engine());
  }

  @Test
  void everySettingIsRead() {
    Map<String, String> env = new HashMap<>();
    env.put("DBMIGRATE_SECRET_ID", " arn:aws:secretsmanager:eu-west-1:1:secret:db-x ");
    env.put("DBMIGRATE_DB_HOST", "proxy.internal");
    env.put("DBMIGRATE_DB_PORT", "6432");
    env.put("DBMIGRATE_DB_NAME", "app");
    env.put("DBMIGRATE_SCHEMA", "ops");
    env.put("DBMIGRATE_TABLE", "history");
    env.put("DBMIGRATE_LOCK_WAIT_TIMEOUT", "2m");
    env.put("DBMIGRATE_LOCK_TIMEOUT", "500ms");
    env.put("DBMIGRATE_STATEMENT_TIMEOUT", "1h");
    env.put("DBMIGRATE_LOCK_RETRIES", "0");
    env.put("DBMIGRATE_MIGRATIONS_PACKAGE", "com.example.migrations");
    env.put("DBMIGRATE_SSLMODE", "require");
    env.put("DBMIGRATE_URL", "");
    LambdaSettings s = LambdaSettings.from(env);
    assertEquals("arn:aws:secretsmanager:eu-west-1:1:secret:db-x", s.secretId());
    assertEquals("proxy.internal", s.host());
    assertEquals(6432, s.port());
    assertEquals("app", s.dbName());
    assertEquals("require", s.sslMode());
    assertEquals("com.example.migrations", s.migrationsPackage());
    assertEquals("ops", s.engine().schema());
    assertEquals("history", s.engine().table());
    assertEquals(Duration.ofMinutes(2), s.engine().lockWaitTimeout());
    assertEquals(Duration.ofMillis(500), s.engine().lockTimeout());
    assertEquals(Duration.ofHours(1), s.engine().statementTimeout());
    assertEquals(0, s.engine().lockRetries());
    assertEquals("lambda", s.engine().appliedBy());
  }

  @Test
  void aUrlServesLocalRunsAndItsPasswordIsNeverShown() {
    LambdaSettings s =
        LambdaSettings.from(
            Map.of(
                "DBMIGRATE_URL",
                "jdbc:postgresql://localhost/app",
                "DBMIGRATE_USER",
                "me",
                "DBMIGRATE_PASSWORD",
                "pw-x1"));
    assertNull(s.secretId());
    assertEquals("me", s.user());
    assertFalse(s.toString().contains("pw-x1"), s.toString());
  }

  @Test
  void eachBadValueNamesItsVariable() {
    assertInvalid("DBMIGRATE_SECRET_ID is not set", Map.of());
    assertInvalid(
        "set DBMIGRATE_SECRET_ID or DBMIGRATE_URL, not both",
        Map.of("DBMIGRATE_SECRET_ID", "a", "DBMIGRATE_URL", "jdbc:postgresql://h/d"));
    assertInvalid(
        "DBMIGRATE_URL 'postgres://h/d' is not a JDBC URL dbmigrate knows",
        Map.of("DBMIGRATE_URL", "postgres://h/d"));
    assertInvalid(
        "DBMIGRATE_URL sets sslmode; set it with DBMIGRATE_SSL_MODE",
        Map.of("DBMIGRATE_URL", "jdbc:postgresql://h/d?sslmode=disable"));
    assertInvalid(
        "DBMIGRATE_DB_HOST does not apply with DBMIGRATE_URL",
        Map.of("DBMIGRATE_URL", "jdbc:postgresql://h/d", "DBMIGRATE_DB_HOST", "x"));
    assertInvalid(
        "DBMIGRATE_PASSWORD does not apply with DBMIGRATE_SECRET_ID",
        Map.of("DBMIGRATE_SECRET_ID", "a", "DBMIGRATE_PASSWORD", "x"));
    assertInvalid(
        "DBMIGRATE_DB_PORT 'abc' is not a TCP port", withSecret("DBMIGRATE_DB_PORT", "abc"));
    assertInvalid("DBMIGRATE_DB_PORT '0' is not a TCP port", withSecret("DBMIGRATE_DB_PORT", "0"));
    assertInvalid(
        "DBMIGRATE_LOCK_WAIT_TIMEOUT '1d' is not a duration",
        withSecret("DBMIGRATE_LOCK_WAIT_TIMEOUT", "1d"));
    assertInvalid(
        "DBMIGRATE_STATEMENT_TIMEOUT '-1s' is not a duration",
        withSecret("DBMIGRATE_STATEMENT_TIMEOUT", "-1s"));
    assertInvalid(
        "DBMIGRATE_LOCK_RETRIES '-1' is not a whole number",
        withSecret("DBMIGRATE_LOCK_RETRIES", "-1"));
    assertInvalid(
        "DBMIGRATE_SCHEMA 'my-schema' is not a plain SQL identifier",
        withSecret("DBMIGRATE_SCHEMA", "my-schema"));
    assertInvalid(
        "DBMIGRATE_TABLE 'a;drop' is not a plain SQL identifier",
        withSecret("DBMIGRATE_TABLE", "a;drop"));
    assertInvalid(
        "DBMIGRATE_SSLMODE 'on' is not an sslmode", withSecret("DBMIGRATE_SSLMODE", "on"));
    assertInvalid(
        "DBMIGRATE_MIGRATIONS_PACKAGE 'db/migration' is not a Java package name",
        withSecret("DBMIGRATE_MIGRATIONS_PACKAGE", "db/migration"));
    assertInvalid(
        "DBMIGRATE_LOCK_TIMEOUT '99999999999999999999s' is too long",
        withSecret("DBMIGRATE_LOCK_TIMEOUT", "99999999999999999999s"));
    assertInvalid(
        "DBMIGRATE_HOST and DBMIGRATE_DB_HOST both set host",
        Map.of("DBMIGRATE_SECRET_ID", "a", "DBMIGRATE_DB_HOST", "x", "DBMIGRATE_HOST", "y"));
    assertInvalid(
        "unknown variable DBMIGRATE_MIGRATIONS_DIR: migrations-dir is not a setting here",
        withSecret("DBMIGRATE_MIGRATIONS_DIR", "x"));
    assertInvalid(
        "unknown variable DBMIGRATE_LOCK_TIMOUT",
        withSecret("DBMIGRATE_LOCK_TIMOUT".replace("TIMEOUT", "TIMOUT"), "5s"));
  }

  @Test
  void theCommandLinesVariableNamesWorkAndTheOldOnesStayAliases() {
    LambdaSettings s =
        LambdaSettings.from(
            Map.of(
                "DBMIGRATE_SECRET_ID", "app/db",
                "DBMIGRATE_HOST", "proxy.internal",
                "DBMIGRATE_PORT", "6432",
                "DBMIGRATE_DATABASE", "app",
                "DBMIGRATE_SSL_MODE", "require",
                "DBMIGRATE_LOGIN_TIMEOUT", "3s"));
    assertEquals("proxy.internal", s.host());
    assertEquals(6432, s.port());
    assertEquals("app", s.dbName());
    assertEquals("require", s.sslMode());
    assertEquals(java.time.Duration.ofSeconds(3), s.loginTimeout());
    LambdaSettings old =
        LambdaSettings.from(
            Map.of(
                "DBMIGRATE_SECRET_ID", "app/db",
                "DBMIGRATE_DB_HOST", "proxy.internal",
                "DBMIGRATE_SSLMODE", "require"));
    assertEquals("proxy.internal", old.host());
    assertEquals("require", old.sslMode());
  }

  private static Map<String, String> withSecret(String name, String value) {
    return Map.of("DBMIGRATE_SECRET_ID", "app/db", name, value);
  }

  private static void assertInvalid(String expectedStart, Map<String, String> env) {
    MigrationException e = assertThrows(MigrationException.class, () -> LambdaSettings.from(env));
    assertEquals(ErrorCode.CONFIGURATION, e.code());
    assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
  }
}
