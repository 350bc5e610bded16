package dev.dbmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.aws.testing.FakeSecretsManager;
import dev.dbmigrate.testing.PasswordPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fleet lines that name a Secrets Manager secret instead of a JDBC URL, end to end: the secrets
 * come from a local endpoint that speaks Secrets Manager's API to the real SDK client, and they
 * lead to a PostgreSQL database that checks passwords, so only the secret's password gets in.
 */
class FleetSecretTest {

  @RegisterExtension static final PasswordPostgres db = new PasswordPostgres();

  @TempDir Path tmp;
  private FakeSecretsManager secrets;
  private CliRunner cli;

  @BeforeEach
  void start() throws Exception {
    secrets = new FakeSecretsManager();
    // The SDK reads these in-process; the command's own environment does not reach it.
    System.setProperty("aws.endpointUrlSecretsManager", secrets.endpoint().toString());
    System.setProperty("aws.accessKeyId", "AKIDTEST");
    System.setProperty("aws.secretAccessKey", "test-secret");
    db.execute("drop schema if exists acme cascade; drop table if exists dbmigrate_migrations");
    db.execute("drop table if exists things");
    cli =
        CliRunner.forProject("jdbc:postgresql://127.0.0.1:1/unused", "unused", null, tmp)
            .withoutEnv("DBMIGRATE_URL")
            .withoutEnv("DBMIGRATE_USER");
    cli.files()
        .sql("20260101000001", "CreateThings", "create table things (id int)", "drop table things");
  }

  @AfterEach
  void stop() {
    secrets.close();
    System.clearProperty("aws.endpointUrlSecretsManager");
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  private String secretJson() {
    return "{\"engine\":\"postgres\",\"host\":\""
        + db.host()
        + "\",\"port\":"
        + db.port()
        + ",\"username\":\""
        + db.user()
        + "\",\"password\":\""
        + db.password()
        + "\",\"dbname\":\""
        + db.name()
        + "\"}";
  }

  @Test
  void targets_named_by_secret_connect_with_what_the_secret_holds() throws Exception {
    String mainArn = secrets.put("tenants/main", secretJson());
    secrets.put("tenants/acme", secretJson());
    secrets.put("tenants/closed", secretJson());
    secrets.deny("tenants/closed");
    Path file =
        Files.writeString(
            tmp.resolve("fleet.txt"),
            "# by ARN, by name (with --region), a tenant schema, and one this login may not read\n"
                + "main   "
                + mainArn
                + "\n"
                + "acme   tenants/acme   acme\n"
                + "closed tenants/closed\n",
            StandardCharsets.UTF_8);

    CliRunner.Result r =
        cli.run(
            "latest",
            "--fleet",
            file.toString(),
            "--region",
            FakeSecretsManager.REGION,
            "--on-failure",
            "continue",
            "--parallel",
            "1");

    r.assertExit(3).assertNoStackTrace().assertNotPrinted(db.password());
    assertTrue(r.out().matches("(?s).*applied +2\n.*failed +1\n.*"), r::toString);
    assertTrue(r.out().matches("(?s).*main +applied +1 migration.*"), r::toString);
    assertTrue(r.out().matches("(?s).*acme +applied +1 migration.*"), r::toString);
    assertTrue(r.out().contains("Failed:\n  closed ("), r::toString);
    assertTrue(
        r.out().contains("exit 3: secret 'tenants/closed' may not be read: access denied"),
        "the failure names the secret and why: " + r);
    assertEquals(1L, db.scalar("select count(*) from public.dbmigrate_migrations"));
    assertEquals(1L, db.scalar("select count(*) from acme.dbmigrate_migrations"));
    assertTrue(db.scalar("select to_regclass('acme.things')") != null, "in the tenant schema");
    assertTrue(secrets.reads() >= 3, "each target read its secret: " + secrets.reads());

    CliRunner.Result status =
        cli.run(
            "status", "--fleet", file.toString(), "--region", FakeSecretsManager.REGION, "--json");
    status.assertNotPrinted(db.password());
    Object reply = MiniJson.parse(status.out());
    assertEquals(2L, MiniJson.at(reply, "summary", "upToDate"));
    assertEquals(1L, MiniJson.at(reply, "summary", "failed"));
    assertEquals(db.name(), MiniJson.at(reply, "targets", 1, "result", "target", "database"));
  }
}
