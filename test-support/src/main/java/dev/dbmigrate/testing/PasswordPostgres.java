package dev.dbmigrate.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class a fresh database on a PostgreSQL server that really checks passwords
 * (SCRAM-SHA-256), for tests of wrong-password handling and authentication timing:
 *
 * <pre>{@code
 * @RegisterExtension static final PasswordPostgres pg = new PasswordPostgres();
 * }</pre>
 *
 * <p>The server is, in order: the one in {@code DBMIGRATE_TEST_PG_SCRAM_URL}/{@code _USER}/ {@code
 * _PASSWORD}; a private cluster started once per JVM from the local PostgreSQL binaries (via {@code
 * runuser -u postgres} when running as root) and stopped at JVM exit; a Testcontainers container.
 * Without any of these the class fails; it does not skip.
 *
 * <p>{@link #user()}/{@link #password()} are the administrator's; {@link #createRole} adds roles
 * for a test to log in as. Roles are global to the server, so the roles created are dropped after
 * the class together with the database. {@code @Nested} classes share the outer class's database.
 */
public final class PasswordPostgres implements BeforeAllCallback, AfterAllCallback {

  private static final String NOT_STARTED =
      "PasswordPostgres is not started. Register it as "
          + "'@RegisterExtension static final PasswordPostgres pg = new PasswordPostgres();' (static, so "
          + "JUnit calls beforeAll) and use it from tests or @BeforeAll/@BeforeEach methods, not from "
          + "field initializers or after the class has finished.";

  private record Active(ServerEndpoint server, String name, String url, String ownerId) {}

  private volatile Active active;
  private final List<String> createdRoles = new CopyOnWriteArrayList<>();

  public PasswordPostgres() {}

  @Override
  public void beforeAll(ExtensionContext context) throws SQLException {
    if (active != null) {
      return; // a @Nested class: it shares the outer class's database
    }
    ServerEndpoint server = PasswordServer.endpoint();
    String name = Databases.freshName("dbm_pw_", context.getRequiredTestClass());
    Databases.create(server, name);
    active = new Active(server, name, server.urlFor(name), context.getUniqueId());
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    Active a = active;
    if (a == null || !a.ownerId().equals(context.getUniqueId())) {
      return;
    }
    active = null;
    // Database first: it holds the grants to the roles, which would otherwise block DROP ROLE.
    Databases.drop(a.server(), a.name());
    try (Connection c = a.server().connectAdmin()) {
      for (String role : createdRoles) {
        Databases.execute(c, "DROP ROLE IF EXISTS " + Databases.quoteIdentifier(role));
      }
    } finally {
      createdRoles.clear();
    }
  }

  /** JDBC URL of this class's database (no credentials in it). */
  public String url() {
    return active().url();
  }

  /** The administrator, who owns the database. */
  public String user() {
    return active().server().user();
  }

  /** The administrator's password; the server rejects anything else. */
  public String password() {
    return active().server().password();
  }

  public String name() {
    return active().name();
  }

  public String host() {
    return active().server().host();
  }

  public int port() {
    return active().server().port();
  }

  /** JDBC URL of the server's maintenance database. */
  public String adminUrl() {
    return active().server().adminUrl();
  }

  /** A new connection to this class's database as the administrator; the caller closes it. */
  public Connection connect() throws SQLException {
    Active a = active();
    return a.server().connect(a.url());
  }

  /** Runs SQL as the administrator on this class's database. */
  public void execute(String sql) throws SQLException {
    try (Connection c = connect()) {
      Databases.execute(c, sql);
    }
  }

  /** First column of the first row, or null; as the administrator on this class's database. */
  public Object scalar(String sql) throws SQLException {
    return query(sql, Databases::firstValue);
  }

  public <T> T query(String sql, ResultSetFunction<T> reader) throws SQLException {
    try (Connection c = connect()) {
      return Databases.query(c, sql, reader);
    }
  }

  /**
   * Creates a login role with this password that may use this class's database and create objects
   * in its {@code public} schema (PostgreSQL 15 no longer grants that to everyone). It is dropped
   * after the class. Role names are server-wide: pick one no other concurrently running class uses.
   */
  public void createRole(String role, String password) throws SQLException {
    Active a = active();
    String quotedRole = Databases.quoteIdentifier(role);
    try (Connection c = connect()) {
      Databases.execute(
          c, "CREATE ROLE " + quotedRole + " LOGIN PASSWORD " + Databases.quoteLiteral(password));
      createdRoles.add(role);
      Databases.execute(
          c, "GRANT ALL ON DATABASE " + Databases.quoteIdentifier(a.name()) + " TO " + quotedRole);
      Databases.execute(c, "GRANT CREATE ON SCHEMA public TO " + quotedRole);
    }
  }

  private Active active() {
    Active a = active;
    if (a == null) {
      throw new IllegalStateException(NOT_STARTED);
    }
    return a;
  }

  @Override
  public String toString() {
    Active a = active;
    return a == null ? "PasswordPostgres[not started]" : "PasswordPostgres[" + a.url() + "]";
  }
}
