package dev.dbmigrate.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseSecretTest {

  static final String PASSWORD = "pa\"ss:w0rd/&?";

  /** What CDK's DatabaseSecret attached to an RDS instance holds. */
  static final String CDK_SECRET =
      """
      {"password":"pa\\"ss:w0rd/&?","dbname":"app","engine":"postgres","port":5432,
       "dbInstanceIdentifier":"db-1","host":"db-1.abc.us-east-1.rds.amazonaws.com",
       "username":"app_admin"}""";

  @Test
  void readsTheSecretThatCdkAndRdsCreate() {
    DatabaseSecret s = DatabaseSecret.parse("app/db", CDK_SECRET);
    assertEquals(
        new DatabaseSecret(
            "db-1.abc.us-east-1.rds.amazonaws.com", 5432, "app_admin", PASSWORD, "app", "postgres"),
        s);
  }

  @Test
  void acceptsThePortAsAString() {
    assertEquals(6543, parse("{\"username\":\"u\",\"password\":\"p\",\"port\":\"6543\"}").port());
  }

  @Test
  void aSecretThatRdsManagesHoldsOnlyUsernameAndPassword() {
    DatabaseSecret s = parse("{\"username\":\"postgres\",\"password\":\"x\"}");
    assertNull(s.host());
    assertEquals(0, s.port());
    assertNull(s.dbname());
    assertEquals("jdbc:postgresql://tunnel:15432/app", s.jdbcUrl("tunnel", 15432, "app", Map.of()));
  }

  @Test
  void toStringHidesThePassword() {
    String text = DatabaseSecret.parse("app/db", CDK_SECRET).toString();
    assertFalse(text.contains(PASSWORD), text);
    assertTrue(text.contains("password=(hidden)") && text.contains("username=app_admin"), text);
  }

  @Test
  void missingPasswordIsNamedWithoutShowingTheSecret() {
    MigrationException e = invalid("{\"username\":\"u\",\"host\":\"h\",\"token\":\"SENSITIVE\"}");
    assertEquals(ErrorCode.CONFIGURATION, e.code());
    assertTrue(e.getMessage().contains("secret 'app/db' has no 'password' field"), e.getMessage());
    assertFalse(e.getMessage().contains("SENSITIVE"), e.getMessage());
  }

  @Test
  void missingUsernameIsNamed() {
    assertTrue(
        invalid("{\"password\":\"SENSITIVE\"}").getMessage().contains("no 'username' field"));
  }

  @Test
  void textThatIsNotJsonIsNeverQuoted() {
    // Jackson's own message would quote the token: 'SENSITIVE'.
    for (String text :
        new String[] {
          "SENSITIVE", "{\"password\": SENSITIVE}", "[\"SENSITIVE\"]", "\"SENSITIVE\"", ""
        }) {
      MigrationException e = invalid(text);
      assertTrue(e.getMessage().contains("secret 'app/db' is not a JSON object"), e.getMessage());
      assertFalse(e.getMessage().contains("SENSITIVE"), e.getMessage());
      assertNull(e.getCause(), "the parser's exception quotes the text");
    }
  }

  @Test
  void fieldsOfTheWrongTypeAreNamed() {
    assertTrue(
        invalid("{\"username\":\"u\",\"password\":123456}")
            .getMessage()
            .contains("'password' field that is not a string"));
    MigrationException port = invalid("{\"username\":\"u\",\"password\":\"p\",\"port\":\"x\"}");
    assertTrue(
        port.getMessage().contains("'port' field that is not a port number"), port.getMessage());
    assertTrue(
        invalid("{\"username\":\"u\",\"password\":\"p\",\"port\":70000}")
            .getMessage()
            .contains("'port'"));
  }

  @Test
  void jdbcUrlUsesTheSecretUnlessOverridden() {
    DatabaseSecret s = DatabaseSecret.parse("app/db", CDK_SECRET);
    assertEquals(
        "jdbc:postgresql://db-1.abc.us-east-1.rds.amazonaws.com:5432/app",
        s.jdbcUrl(null, null, null, Map.of()));
    assertEquals(
        "jdbc:postgresql://127.0.0.1:15432/other",
        s.jdbcUrl("127.0.0.1", 15432, "other", Map.of()));
  }

  @Test
  void jdbcUrlEncodesParametersInOrderAndNeverHoldsTheCredentials() {
    DatabaseSecret s = DatabaseSecret.parse("app/db", CDK_SECRET);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("sslmode", "verify-full");
    params.put("sslrootcert", "/tmp/rds ca&1.pem");
    String url = s.jdbcUrl(null, null, "my db", params);
    assertEquals(
        "jdbc:postgresql://db-1.abc.us-east-1.rds.amazonaws.com:5432/my+db"
            + "?sslmode=verify-full&sslrootcert=%2Ftmp%2Frds+ca%261.pem",
        url);
    assertFalse(url.contains("app_admin") || url.contains("w0rd"), url);
  }

  @Test
  void jdbcUrlBracketsAnIpv6Host() {
    assertEquals(
        "jdbc:postgresql://[::1]:5432/app",
        parse("{\"username\":\"u\",\"password\":\"p\"}").jdbcUrl("::1", null, "app", Map.of()));
  }

  @Test
  void jdbcUrlNamesAMissingHostOrDatabase() {
    DatabaseSecret s = parse("{\"username\":\"u\",\"password\":\"p\",\"dbname\":\"app\"}");
    MigrationException e =
        assertThrows(MigrationException.class, () -> s.jdbcUrl(null, null, null, Map.of()));
    assertEquals(ErrorCode.CONFIGURATION, e.code());
    assertTrue(
        e.getMessage().contains("no 'host' field") && e.getMessage().contains("DBMIGRATE_HOST"),
        e.getMessage());
    MigrationException db =
        assertThrows(
            MigrationException.class,
            () ->
                parse("{\"username\":\"u\",\"password\":\"p\",\"host\":\"h\"}")
                    .jdbcUrl(null, null, null, Map.of()));
    assertTrue(
        db.getMessage().contains("no 'dbname' field")
            && db.getMessage().contains("DBMIGRATE_DATABASE"),
        db.getMessage());
  }

  @Test
  void aSecretOfAnotherEngineIsRefused() {
    DatabaseSecret s =
        parse(
            "{\"username\":\"u\",\"password\":\"p\",\"host\":\"h\",\"dbname\":\"d\",\"engine\":\"oracle-ee\"}");
    MigrationException e =
        assertThrows(MigrationException.class, () -> s.jdbcUrl(null, null, null, Map.of()));
    assertTrue(e.getMessage().contains("engine 'oracle-ee'"), e.getMessage());
    assertEquals(
        "jdbc:postgresql://h:5432/d",
        parse(
                "{\"username\":\"u\",\"password\":\"p\","
                    + "\"host\":\"h\",\"dbname\":\"d\",\"engine\":\"aurora-postgresql\"}")
            .jdbcUrl(null, null, null, Map.of()));
  }

  @Test
  void aMySqlSecretGivesAMysqlUrlWithTheDriversNamesForTls() {
    DatabaseSecret s =
        parse(
            "{\"username\":\"u\",\"password\":\"p\",\"host\":\"h\",\"dbname\":\"d\",\"engine\":\"mysql\"}");
    Map<String, String> tls = new java.util.LinkedHashMap<>();
    tls.put("sslmode", "verify-full");
    tls.put("sslrootcert", "/ca.pem");
    assertEquals(
        "jdbc:mysql://h:3306/d?permitMysqlScheme=true&sslMode=verify-full&serverSslCert=%2Fca.pem",
        s.jdbcUrl(null, null, null, tls));
  }

  private static DatabaseSecret parse(String json) {
    return DatabaseSecret.parse("app/db", json);
  }

  private static MigrationException invalid(String json) {
    return assertThrows(MigrationException.class, () -> parse(json));
  }
}
