package dev.dbmigrate.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.aws.DatabaseSecret;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The migration user's bootstrap on the local MariaDB (127.0.0.1:3306, root, no password), as on
 * Aurora MySQL: the user gets every privilege on the database and must use TLS. The local server
 * has TLS off, so the user's login without TLS must be refused.
 */
class RoleBootstrapHandlerMariaDbTest {

  private static final String HOST = "127.0.0.1";
  private static final int PORT = 3306;
  private static final String SUFFIX = String.format("%08x", ThreadLocalRandom.current().nextInt());
  private static final String DATABASE = "dbm_bootstrap_" + SUFFIX;
  private static final String USER = "dbm_mig_" + SUFFIX;

  private static Connection root() throws SQLException {
    return DriverManager.getConnection("jdbc:mariadb://" + HOST + ":" + PORT + "/", "root", "");
  }

  @BeforeAll
  static void createDatabase() throws SQLException {
    try (var c = root();
        var s = c.createStatement()) {
      s.execute("CREATE DATABASE " + DATABASE);
    }
  }

  @Test
  void the_user_gets_every_privilege_on_the_database_and_must_use_tls() throws SQLException {
    var secrets =
        Map.of(
            "arn:master",
            new DatabaseSecret(HOST, PORT, "root", "", DATABASE, "mysql"),
            "arn:migration",
            new DatabaseSecret(HOST, PORT, USER, "It's a \\ secret", DATABASE, "mysql"));
    var handler =
        new RoleBootstrapHandler(secrets::get, Map.of("sslMode", "disable"), 1, Duration.ZERO);
    var event =
        Map.<String, Object>of(
            "RequestType",
            "Create",
            "ResourceProperties",
            Map.of("MasterSecretArn", "arn:master", "MigrationSecretArn", "arn:migration"));
    assertEquals(
        "dbmigrate-migration-user-" + USER,
        handler.handleRequest(event, null).get("PhysicalResourceId"));
    // Again, as an Update: nothing changes, nothing fails.
    handler.handleRequest(event, null);

    List<String> grants = new ArrayList<>();
    try (var c = root();
        var s = c.createStatement();
        var rs = s.executeQuery("SHOW GRANTS FOR '" + USER + "'@'%'")) {
      while (rs.next()) {
        grants.add(rs.getString(1));
      }
    }
    assertTrue(
        grants.stream()
            .anyMatch(g -> g.startsWith("GRANT ALL PRIVILEGES ON `" + DATABASE + "`.* TO")),
        grants.toString());
    assertTrue(grants.stream().anyMatch(g -> g.contains("REQUIRE SSL")), grants.toString());
    // The password was set as written (quote and backslash included): without TLS the server
    // refuses the user for its REQUIRE SSL, not for the password, and with a wrong password too.
    try (var c = root();
        var s = c.createStatement();
        var rs =
            s.executeQuery(
                "SELECT authentication_string = PASSWORD('It''s a \\\\ secret')"
                    + " FROM mysql.user WHERE user = '"
                    + USER
                    + "'")) {
      assertTrue(rs.next());
      assertTrue(rs.getBoolean(1), "the stored password is not the secret's");
    }
    assertThrows(
        SQLException.class,
        () ->
            DriverManager.getConnection(
                "jdbc:mariadb://" + HOST + ":" + PORT + "/" + DATABASE, USER, "It's a \\ secret"));
  }

  @AfterAll
  static void dropAll() throws SQLException {
    try (var c = root();
        var s = c.createStatement()) {
      s.execute("DROP USER IF EXISTS '" + USER + "'@'%'");
      s.execute("DROP DATABASE IF EXISTS " + DATABASE);
    }
  }
}
