package dev.dbmigrate.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.dbmigrate.aws.DatabaseSecret;
import dev.dbmigrate.aws.SecretsManagerCredentials;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one-time bootstrap of the migration user, as a CloudFormation custom resource handler behind
 * CDK's provider framework ({@code dev.dbmigrate.lambda.RoleBootstrapHandler::handleRequest}). The
 * event's {@code ResourceProperties} name two secrets: {@code MasterSecretArn}, whose user runs the
 * SQL, and {@code MigrationSecretArn}, whose username and password the migration user gets.
 *
 * <p>Create and Update make the user if it is missing, set its password from its secret and hand it
 * the database: on PostgreSQL it owns the database and its {@code public} schema, on MySQL it has
 * every privilege on the database and must use TLS. Running it again changes nothing. Delete leaves
 * the user, since it owns the application's data. A failure throws; the provider framework fails
 * the deployment with the message, which never holds a password.
 */
public final class RoleBootstrapHandler
    implements RequestHandler<Map<String, Object>, Map<String, Object>> {

  /** User names that need no quoting on either engine (MySQL allows 32 characters). */
  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,31}");

  /** Database names that need no quoting on either engine (PostgreSQL allows 63 characters). */
  private static final Pattern DATABASE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final Function<String, DatabaseSecret> secrets;
  private final Map<String, String> tls;
  private final int attempts;
  private final Duration retryDelay;

  /**
   * The one the Lambda runtime calls: secrets from Secrets Manager, TLS verified, six attempts ten
   * seconds apart (within the function's five minutes): a paused cluster takes about 15 s to
   * resume, and the master secret's first rotation may be under way while the stack deploys.
   */
  public RoleBootstrapHandler() {
    this(
        arn -> {
          try (var credentials = SecretsManagerCredentials.create(arn, null)) {
            return credentials.get();
          }
        },
        null,
        6,
        Duration.ofSeconds(10));
  }

  /**
   * For tests.
   *
   * @param secrets reads a secret by ARN; read again for every attempt
   * @param tls driver parameters, or null for verify-full against the shipped RDS CA bundle
   * @param attempts how often to try to connect and run the SQL
   * @param retryDelay the wait between attempts
   */
  public RoleBootstrapHandler(
      Function<String, DatabaseSecret> secrets,
      Map<String, String> tls,
      int attempts,
      Duration retryDelay) {
    this.secrets = secrets;
    this.tls = tls;
    this.attempts = attempts;
    this.retryDelay = retryDelay;
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    String type = String.valueOf(event.get("RequestType"));
    Object physicalId = event.get("PhysicalResourceId");
    if (type.equals("Delete")) {
      return Map.of("PhysicalResourceId", String.valueOf(physicalId));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> properties = (Map<String, Object>) event.get("ResourceProperties");
    if (properties == null) {
      throw new IllegalArgumentException("the event has no ResourceProperties");
    }
    String masterArn = required(properties, "MasterSecretArn");
    String userArn = required(properties, "MigrationSecretArn");
    IllegalStateException failure = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      try {
        return bootstrap(secrets.apply(masterArn), secrets.apply(userArn));
      } catch (IllegalStateException e) {
        if (failure != null) {
          e.addSuppressed(failure);
        }
        failure = e;
        if (attempt < attempts) {
          sleep();
        }
      }
    }
    throw failure;
  }

  private Map<String, Object> bootstrap(DatabaseSecret master, DatabaseSecret user) {
    String name = user.username();
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "the migration secret's username must match " + NAME.pattern() + ", got '" + name + "'");
    }
    String database = master.dbname();
    if (database == null || !DATABASE.matcher(database).matches()) {
      throw new IllegalArgumentException(
          "the master secret's dbname must match "
              + DATABASE.pattern()
              + ", got '"
              + database
              + "'");
    }
    boolean mysql =
        master.engine() != null && master.engine().toLowerCase(Locale.ROOT).contains("mysql");
    List<String> statements =
        mysql ? mysql(name, user.password(), database) : postgres(name, user.password(), database);
    try (Connection connection = connect(master, mysql);
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      // The driver's message names the statement's error, not its text: no password in it.
      throw new IllegalStateException(
          "bootstrapping migration user "
              + name
              + " on "
              + master.host()
              + ":"
              + master.port()
              + "/"
              + database
              + " failed: "
              + e.getMessage(),
          null);
    }
    return Map.of(
        "PhysicalResourceId", "dbmigrate-migration-user-" + name, "Data", Map.of("Username", name));
  }

  /**
   * The master user is made a member of the new role so it may hand over the database (on Aurora it
   * is no superuser); ownership of the database makes the role the owner of its public schema as
   * well on PostgreSQL 15+, and the explicit ALTER SCHEMA covers older ones.
   */
  static List<String> postgres(String name, String password, String database) {
    return List.of(
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
            + name
            + "') THEN CREATE ROLE "
            + name
            + " LOGIN; END IF; END $$",
        // standard_conforming_strings (on since 9.1): a backslash is an ordinary character.
        "ALTER ROLE " + name + " WITH LOGIN PASSWORD " + literal(password, false),
        "GRANT " + name + " TO CURRENT_USER",
        "ALTER DATABASE " + database + " OWNER TO " + name,
        "ALTER SCHEMA public OWNER TO " + name);
  }

  static List<String> mysql(String name, String password, String database) {
    String account = "'" + name + "'@'%'";
    return List.of(
        "CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY " + literal(password, true),
        "ALTER USER " + account + " IDENTIFIED BY " + literal(password, true) + " REQUIRE SSL",
        "GRANT ALL PRIVILEGES ON `" + database + "`.* TO " + account);
  }

  /**
   * A string literal; generated passwords hold no quote or backslash, but a typed one may. MySQL
   * reads a backslash as an escape, PostgreSQL does not.
   */
  private static String literal(String value, boolean backslashEscapes) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("the migration secret has no password");
    }
    String escaped = backslashEscapes ? value.replace("\\", "\\\\") : value;
    return "'" + escaped.replace("'", "''") + "'";
  }

  private Connection connect(DatabaseSecret master, boolean mysql) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", master.username());
    properties.setProperty("password", master.password());
    String url;
    if (mysql) {
      url = "jdbc:mariadb://" + master.host() + ":" + master.port() + "/" + master.dbname();
      if (tls == null) {
        properties.setProperty("sslMode", "verify-full");
        properties.setProperty("serverSslCert", RdsCaBundle.extract().toString());
      }
    } else {
      url = "jdbc:postgresql://" + master.host() + ":" + master.port() + "/" + master.dbname();
      if (tls == null) {
        properties.setProperty("sslmode", "verify-full");
        properties.setProperty("sslrootcert", RdsCaBundle.extract().toString());
      }
      properties.setProperty("connectTimeout", "10");
    }
    if (tls != null) {
      tls.forEach(properties::setProperty);
    }
    return DriverManager.getConnection(url, properties);
  }

  private void sleep() {
    try {
      Thread.sleep(retryDelay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to try again", e);
    }
  }

  private static String required(Map<String, Object> properties, String key) {
    Object value = properties.get(key);
    if (!(value instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException("the event's ResourceProperties lack " + key);
    }
    return s;
  }
}
