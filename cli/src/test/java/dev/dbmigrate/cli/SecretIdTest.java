package dev.dbmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.aws.testing.FakeSecretsManager;
import dev.dbmigrate.testing.PasswordPostgres;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --secret-id}: credentials and address from AWS Secrets Manager, served by a local endpoint
 * that speaks its API to the real SDK client, against a server that checks passwords.
 */
class SecretIdTest {

  @RegisterExtension static final PasswordPostgres db = new PasswordPostgres();

  @TempDir Path tmp;
  private FakeSecretsManager secrets;
  private CliRunner cli;

  @BeforeEach
  void start() throws IOException {
    secrets = new FakeSecretsManager();
    // The SDK reads these in-process; the command's own environment does not reach it.
    System.setProperty("aws.endpointUrlSecretsManager", secrets.endpoint().toString());
    System.setProperty("aws.accessKeyId", "AKIDTEST");
    System.setProperty("aws.secretAccessKey", "test-secret");
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

  private String secretJson(String host, int port, String password) {
    return "{\"engine\":\"postgres\",\"host\":\""
        + host
        + "\",\"port\":"
        + port
        + ",\"username\":\""
        + db.user()
        + "\",\"password\":\""
        + password
        + "\",\"dbname\":\""
        + db.name()
        + "\"}";
  }

  @Test
  void latest_connects_with_the_secrets_address_and_credentials() throws Exception {
    String arn = secrets.put("app/dev/db", secretJson(db.host(), db.port(), db.password()));
    cli.run("latest", "--secret-id", arn).assertExit(0);
    assertEquals(1L, db.scalar("select count(*) from dbmigrate_migrations"));
    assertEquals(1, secrets.reads());
  }

  @Test
  void host_and_port_override_the_secret_for_a_tunnel() throws Exception {
    secrets.put("app/dev/db", secretJson("cluster.internal.example", 5999, db.password()));
    cli.run(
            "latest",
            "--secret-id",
            "app/dev/db",
            "--region",
            FakeSecretsManager.REGION,
            "--host",
            db.host(),
            "--port",
            String.valueOf(db.port()))
        .assertExit(0);
    assertEquals(1L, db.scalar("select count(*) from dbmigrate_migrations"));
  }

  /**
   * The secret CDK generates for an Aurora cluster, field for field as the secret's attachment to
   * the cluster writes it: the cluster's endpoint (which only the VPC reaches), and {@code dbname}
   * only when the cluster has a default database name.
   */
  private String cdkSecretJson(String dbname) {
    return "{\"password\":\""
        + db.password()
        + "\","
        + (dbname == null ? "" : "\"dbname\":\"" + dbname + "\",")
        + "\"engine\":\"postgres\",\"port\":5432,"
        + "\"dbClusterIdentifier\":\"development-database-databaseclustera1b2c3d4-x9y8z7w6v5u4\","
        + "\"host\":\"development-database-databaseclustera1b2c3d4-x9y8z7w6v5u4.cluster-"
        + "c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com\",\"username\":\""
        + db.user()
        + "\"}";
  }

  private String[] tunnel(String arn, String... more) {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "latest", "--secret-id", arn, "--host", "localhost", "--port", "" + db.port()));
    args.addAll(java.util.List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void the_tunnel_command_works_with_the_secret_cdk_generates_for_a_cluster_with_a_database()
      throws Exception {
    String arn = secrets.put("DatabaseClusterSecretA1B2C3-abcdEFGH", cdkSecretJson(db.name()));
    CliRunner.Result r = cli.run(tunnel(arn)).assertExit(0);
    assertTrue(
        r.stderr()
            .contains("target: localhost:" + db.port() + "/" + db.name() + " as " + db.user()),
        r::toString);
    assertEquals(1L, db.scalar("select count(*) from dbmigrate_migrations"));
  }

  @Test
  void without_dbname_in_the_secret_the_tunnel_command_names_the_fix_and_creates_nothing()
      throws Exception {
    String arn = secrets.put("DatabaseClusterSecretA1B2C3-abcdEFGH", cdkSecretJson(null));
    CliRunner.Result r = cli.run(tunnel(arn)).assertExit(3).assertNoStackTrace();
    assertTrue(r.err().contains("has no 'dbname' field"), r::toString);
    assertTrue(r.err().contains("--database <name>"), r::toString);
    r.assertNotPrinted(db.password());
    assertEquals(
        0L, db.scalar("select count(*) from pg_database where datname = 'dbmigrate'"), r::toString);

    // --database names just the database; host and port from the flags, the rest from the secret.
    CliRunner.Result fixed = cli.run(tunnel(arn, "--database", db.name())).assertExit(0);
    assertTrue(
        fixed.stderr().contains("target: localhost:" + db.port() + "/" + db.name()),
        fixed::toString);
    assertEquals(1L, db.scalar("select count(*) from dbmigrate_migrations"));
  }

  @Test
  void each_part_comes_from_the_strongest_source_the_secret_counting_at_its_own_level()
      throws Exception {
    String arn = secrets.put("DatabaseClusterSecretA1B2C3-abcdEFGH", cdkSecretJson(null));
    // A secret without dbname: the variable gives the database, the flags host and port.
    cli.withEnv("DBMIGRATE_DATABASE", db.name()).run(tunnel(arn)).assertExit(0);
    assertEquals(1L, db.scalar("select count(*) from dbmigrate_migrations"));

    // A secret named by a flag beats the variable where it has the part; --database beats both.
    secrets.put("DatabaseClusterSecretA1B2C3-abcdEFGH", cdkSecretJson("not_this_one"));
    CliRunner.Result secretWins =
        cli.withEnv("DBMIGRATE_DATABASE", "nor_this_one").run(tunnel(arn)).assertExit(4);
    assertTrue(
        secretWins
            .stderr()
            .contains("database from the secret (--secret-id), not DBMIGRATE_DATABASE"),
        secretWins::toString);
    CliRunner.Result flagWins =
        cli.withEnv("DBMIGRATE_DATABASE", "nor_this_one")
            .run(tunnel(arn, "--database", db.name()))
            .assertExit(0);
    assertTrue(
        flagWins.stderr().contains("database " + db.name() + " from --database, not the secret's"),
        flagWins::toString);
  }

  @Test
  void a_missing_secret_is_a_configuration_error_naming_it() {
    CliRunner.Result r =
        cli.run("status", "--secret-id", "app/nope", "--region", FakeSecretsManager.REGION)
            .assertExit(3)
            .assertNoStackTrace();
    assertTrue(r.err().contains("app/nope"), r.toString());
  }

  @Test
  void a_wrong_password_in_the_secret_is_refused_and_never_printed() {
    secrets.put("app/dev/db", secretJson(db.host(), db.port(), "not-the-password-7731"));
    cli.run(
            "latest",
            "--secret-id",
            "app/dev/db",
            "--region",
            FakeSecretsManager.REGION,
            "--verbose")
        .assertExit(5)
        .assertNotPrinted("not-the-password-7731");
  }

  @Test
  void a_compile_error_wins_over_a_secret_that_cannot_be_read() {
    // The secret is read while the migrations compile; the code's error is the one reported.
    cli.files()
        .write("M20260101000002_Broken", "package db.migration; class M20260101000002_Broken {");
    CliRunner.Result r =
        cli.run("latest", "--secret-id", "app/nope", "--region", FakeSecretsManager.REGION)
            .assertExit(8)
            .assertNoStackTrace();
    assertTrue(r.err().contains("M20260101000002_Broken"), r.toString());
  }

  @Test
  void ambient_libpq_variables_do_not_override_the_secret_and_are_named() throws Exception {
    secrets.put("app/dev/db", secretJson(db.host(), db.port(), db.password()));
    CliRunner.Result r =
        cli.withEnv("PGHOST", "laptop.invalid")
            .withEnv("PGPORT", "1")
            .withEnv("PGDATABASE", "postgres")
            .run("latest", "--secret-id", "app/dev/db", "--region", FakeSecretsManager.REGION)
            .assertExit(0);
    assertEquals(1L, db.scalar("select count(*) from dbmigrate_migrations"));
    assertTrue(
        r.stderr().contains("target: " + db.host() + ":" + db.port() + "/" + db.name()),
        r::toString);
    assertTrue(r.stderr().contains("not PGHOST"), r::toString);
    assertTrue(r.stderr().contains("not PGDATABASE"), r::toString);
  }

  @Test
  void missing_aws_credentials_are_named_in_a_short_message_not_blamed_on_the_network()
      throws Exception {
    secrets.put("app/dev/db", secretJson(db.host(), db.port(), db.password()));
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    String[] isolate = {"aws.sharedCredentialsFile", "aws.configFile", "aws.disableEc2Metadata"};
    String[] values = {
      tmp.resolve("no-credentials").toString(), tmp.resolve("no-config").toString(), "true"
    };
    for (int i = 0; i < isolate.length; i++) {
      System.setProperty(isolate[i], values[i]);
    }
    try {
      CliRunner.Result r =
          cli.run("latest", "--secret-id", "app/dev/db", "--region", FakeSecretsManager.REGION)
              .assertExit(3)
              .assertNoStackTrace();
      assertTrue(r.err().contains("no AWS credentials"), r::toString);
      assertTrue(!r.err().contains("network"), r::toString);
      String error =
          r.err().lines().filter(l -> l.startsWith("dbmigrate: error:")).findFirst().orElse("");
      assertTrue(error.length() < 300, () -> error.length() + " characters: " + error);
    } finally {
      for (String p : isolate) {
        System.clearProperty(p);
      }
    }
  }
}
