package dev.dbmigrate.cdk.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings are checked before anything is built; no synth here, so these run in milliseconds. */
class AppSettingsTest {

  @TempDir Path dir;

  private Map<AppSettings.Key, String> valid() {
    var values = new EnumMap<AppSettings.Key, String>(AppSettings.Key.class);
    values.put(AppSettings.Key.DEV_ACCOUNT, "111111111111");
    values.put(AppSettings.Key.PROD_ACCOUNT, "222222222222");
    values.put(AppSettings.Key.REGION, "eu-west-1");
    values.put(AppSettings.Key.REPOSITORY, "codecommit:dbmigrate");
    values.put(AppSettings.Key.LAMBDA_JAR, SynthesizedApp.dummyJar(dir).toString());
    return values;
  }

  @Test
  void defaults_and_environment_round_trip() {
    var settings = AppSettings.from(valid()::get);
    assertEquals("main", settings.branch());
    assertTrue(settings.devBastion() && settings.prodBastion());
    var env = settings.asEnvironment();
    var again =
        AppSettings.from(
            key ->
                key == AppSettings.Key.LAMBDA_JAR
                    ? settings.lambdaJar().toString()
                    : env.get(key.env));
    assertEquals(settings, again);
  }

  @Test
  void missing_and_malformed_values_name_the_key_and_how_to_set_it() {
    var values = valid();
    values.remove(AppSettings.Key.DEV_ACCOUNT);
    var missing = assertThrows(IllegalArgumentException.class, () -> AppSettings.from(values::get));
    assertEquals(
        "devAccount is missing: set it with -c devAccount=... or the environment variable CDK_DEV_ACCOUNT",
        missing.getMessage());

    values.put(AppSettings.Key.DEV_ACCOUNT, "12345");
    var malformed =
        assertThrows(IllegalArgumentException.class, () -> AppSettings.from(values::get));
    assertTrue(
        malformed
            .getMessage()
            .startsWith("devAccount: expected a 12-digit AWS account id, got '12345'"),
        malformed.getMessage());

    var flag = valid();
    flag.put(AppSettings.Key.PROD_BASTION, "yes");
    assertThrows(IllegalArgumentException.class, () -> AppSettings.from(flag::get));
  }

  @Test
  void a_fleet_is_off_unless_its_key_names_a_target_list() {
    var settings = AppSettings.from(valid()::get);
    assertEquals(null, settings.devFleet());
    assertEquals(null, settings.prodFleet());
    assertFalse(settings.asEnvironment().containsKey(AppSettings.Key.DEV_FLEET.env));

    var values = valid();
    values.put(AppSettings.Key.DEV_FLEET, "secrets:tenants/");
    values.put(AppSettings.Key.PROD_FLEET, " s3://acme-fleet/tenants.txt ");
    var fleets = AppSettings.from(values::get);
    assertEquals("secrets:tenants/", fleets.devFleet().text());
    assertEquals("s3://acme-fleet/tenants.txt", fleets.prodFleet().text());
    var env = fleets.asEnvironment();
    assertEquals("s3://acme-fleet/tenants.txt", env.get("CDK_PROD_FLEET"));
    assertEquals(
        fleets,
        AppSettings.from(
            key ->
                key == AppSettings.Key.LAMBDA_JAR
                    ? fleets.lambdaJar().toString()
                    : env.get(key.env)));

    values.put(AppSettings.Key.PROD_FLEET, "tenants.txt");
    var e = assertThrows(IllegalArgumentException.class, () -> AppSettings.from(values::get));
    assertEquals(
        "prodFleet: fleet source: expected s3://<bucket>/<key> or secrets:<name prefix>, got"
            + " 'tenants.txt' (set it with -c prodFleet=... or the environment variable"
            + " CDK_PROD_FLEET)",
        e.getMessage());
  }

  @Test
  void a_hosted_repository_needs_a_connection_arn() {
    var values = valid();
    values.put(AppSettings.Key.REPOSITORY, "github:acme/dbmigrate");
    var e = assertThrows(IllegalArgumentException.class, () -> AppSettings.from(values::get));
    assertTrue(e.getMessage().contains("connectionArn"), e.getMessage());

    String arn =
        "arn:aws:codestar-connections:eu-west-1:111111111111:connection/0123abcd-4567-89ef-0123-456789abcdef";
    values.put(AppSettings.Key.CONNECTION_ARN, arn);
    var repository = AppSettings.from(values::get).repository();
    assertEquals("acme/dbmigrate", repository.ownerAndRepo());
    assertEquals(Optional.of(arn), repository.connectionArn());

    values.put(AppSettings.Key.REPOSITORY, "svn:dbmigrate");
    assertThrows(IllegalArgumentException.class, () -> AppSettings.from(values::get));
  }

  @Test
  void a_missing_lambda_jar_says_how_to_build_it() throws Exception {
    Files.writeString(dir.resolve("cdk.json"), "{}");
    var e = assertThrows(IllegalStateException.class, () -> AppSettings.lambdaJar(null, dir));
    assertTrue(
        e.getMessage()
            .contains(
                dir.getParent().resolve("runtime-lambda/target/dbmigrate-lambda.jar").toString()),
        e.getMessage());
    assertTrue(e.getMessage().contains("mvn -B -q package -DskipTests"), e.getMessage());

    var notAFile =
        assertThrows(
            IllegalArgumentException.class,
            () -> AppSettings.lambdaJar(dir.resolve("nope.jar").toString(), dir));
    assertTrue(notAFile.getMessage().startsWith("lambdaJar points at "), notAFile.getMessage());
  }
}
