package dev.dbmigrate.testing;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class a fresh, empty PostgreSQL database that is dropped after the class:
 *
 * <pre>{@code
 * @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();
 * }</pre>
 *
 * <p>The database is named {@code dbm_<test class>_<8 hex>} and lives on the server chosen by
 * {@code PostgresServer} (env {@code DBMIGRATE_TEST_PG_URL}/{@code _USER}/{@code _PASSWORD}, the
 * local server on 127.0.0.1:5432, or Testcontainers). Without a server the class fails; it does not
 * skip.
 *
 * <p>{@code @Nested} classes inherit the extension and share the outer class's database. One
 * instance serves one test class at a time: do not share an instance between classes that run in
 * parallel.
 */
public final class PostgresDatabase implements BeforeAllCallback, AfterAllCallback, TestDatabase {

  private static final String NOT_STARTED =
      "PostgresDatabase is not started. Register it as "
          + "'@RegisterExtension static final PostgresDatabase db = new PostgresDatabase();' (static, so "
          + "JUnit calls beforeAll) and use it from tests or @BeforeAll/@BeforeEach methods, not from "
          + "field initializers or after the class has finished.";

  /** Everything set up by beforeAll; one volatile field, so readers see all of it or nothing. */
  private record Active(ServerEndpoint server, String name, String url, String ownerId) {}

  private volatile Active active;

  public PostgresDatabase() {}

  @Override
  public void beforeAll(ExtensionContext context) throws SQLException {
    if (active != null) {
      // JUnit calls the callback again for each @Nested class; they use the outer class's database.
      return;
    }
    ServerEndpoint server = PostgresServer.endpoint();
    String name = Databases.freshName("dbm_", context.getRequiredTestClass());
    Databases.create(server, name);
    active = new Active(server, name, server.urlFor(name), context.getUniqueId());
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    Active a = active;
    if (a == null || !a.ownerId().equals(context.getUniqueId())) {
      return; // a @Nested class ending; the owner drops the database
    }
    active = null;
    Databases.drop(a.server(), a.name());
  }

  /** JDBC URL of the fresh database. */
  @Override
  public String url() {
    return active().url();
  }

  @Override
  public String user() {
    return active().server().user();
  }

  /** The password, or an empty string when the server needs none. */
  @Override
  public String password() {
    return active().server().password();
  }

  /** Name of the fresh database. */
  @Override
  public String name() {
    return active().name();
  }

  @Override
  public String host() {
    return active().server().host();
  }

  @Override
  public int port() {
    return active().server().port();
  }

  /** JDBC URL of the server's maintenance database, e.g. to look at {@code pg_database}. */
  public String adminUrl() {
    return active().server().adminUrl();
  }

  /** A new connection to the fresh database; the caller closes it. */
  @Override
  public Connection connect() throws SQLException {
    Active a = active();
    return a.server().connect(a.url());
  }

  /** A DataSource that opens a new connection to the fresh database per request. */
  @Override
  public javax.sql.DataSource dataSource() {
    Active a = active();
    return new SimpleDataSource(a.url(), a.server().user(), a.server().password());
  }

  /** Runs one statement (or a semicolon-separated script without results) on its own connection. */
  @Override
  public void execute(String sql) throws SQLException {
    try (Connection c = connect()) {
      Databases.execute(c, sql);
    }
  }

  /** First column of the first row, or null when there is no row. */
  @Override
  public Object scalar(String sql) throws SQLException {
    return query(sql, Databases::firstValue);
  }

  @Override
  public <T> T query(String sql, ResultSetFunction<T> reader) throws SQLException {
    try (Connection c = connect()) {
      return Databases.query(c, sql, reader);
    }
  }

  @Override
  public String engine() {
    return "PostgreSQL";
  }

  @Override
  public void clear() throws SQLException {
    execute("drop schema if exists public cascade; create schema public");
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
    return a == null ? "PostgresDatabase[not started]" : "PostgresDatabase[" + a.url() + "]";
  }
}
