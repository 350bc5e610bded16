package dev.dbmigrate.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class a fresh, empty MariaDB database that is dropped after the class, as {@link
 * PostgresDatabase} does on PostgreSQL:
 *
 * <pre>{@code
 * @RegisterExtension static final MariaDbDatabase db = new MariaDbDatabase();
 * }</pre>
 *
 * <p>The server is {@code DBMIGRATE_TEST_MYSQL_URL}/{@code _USER}/{@code _PASSWORD}, by default the
 * local one on 127.0.0.1:3306 as {@code root}; without it the class fails, it does not skip. The
 * URL handed out is {@code jdbc:mariadb://host:port/<database>}.
 */
public final class MariaDbDatabase implements BeforeAllCallback, AfterAllCallback, TestDatabase {

  private record Active(ServerEndpoint server, String name, String url, String ownerId) {}

  private volatile Active active;

  public MariaDbDatabase() {}

  @Override
  public void beforeAll(ExtensionContext context) throws SQLException {
    if (active != null) {
      return; // a @Nested class: it uses the outer class's database
    }
    ServerEndpoint server = MariaDbServer.endpoint();
    String name = Databases.freshName("dbm_", context.getRequiredTestClass());
    try (Connection c = server.connectAdmin();
        Statement s = c.createStatement()) {
      s.execute("create database `" + name + "` character set utf8mb4");
    }
    active = new Active(server, name, server.urlFor(name), context.getUniqueId());
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    Active a = active;
    if (a == null || !a.ownerId().equals(context.getUniqueId())) {
      return;
    }
    active = null;
    try (Connection c = a.server().connectAdmin();
        Statement s = c.createStatement()) {
      // Connections a test left open in a transaction would make the drop wait for them.
      for (Object id : ids(c, a.name())) {
        try {
          s.execute("kill " + id);
        } catch (SQLException gone) {
          // It ended by itself meanwhile.
        }
      }
      s.execute("drop database if exists `" + a.name() + "`");
    }
  }

  private static List<Object> ids(Connection c, String database) throws SQLException {
    return Databases.query(
        c,
        "select id from information_schema.processlist where db = '"
            + database
            + "' and id <> connection_id()",
        rs -> {
          List<Object> ids = new ArrayList<>();
          while (rs.next()) {
            ids.add(rs.getObject(1));
          }
          return ids;
        });
  }

  @Override
  public String engine() {
    return "MariaDB";
  }

  @Override
  public String url() {
    return active().url();
  }

  @Override
  public String user() {
    return active().server().user();
  }

  @Override
  public String password() {
    return active().server().password();
  }

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

  @Override
  public Connection connect() throws SQLException {
    Active a = active();
    return a.server().connect(a.url());
  }

  @Override
  public DataSource dataSource() {
    Active a = active();
    return new SimpleDataSource(a.url(), a.server().user(), a.server().password());
  }

  @Override
  public void execute(String sql) throws SQLException {
    try (Connection c = connect()) {
      Databases.execute(c, sql);
    }
  }

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
  public void clear() throws SQLException {
    Active a = active();
    try (Connection c = a.server().connectAdmin();
        Statement s = c.createStatement()) {
      s.execute("drop database if exists `" + a.name() + "`");
      s.execute("create database `" + a.name() + "` character set utf8mb4");
    }
  }

  private Active active() {
    Active a = active;
    if (a == null) {
      throw new IllegalStateException(
          "MariaDbDatabase is not started. Register it as '@RegisterExtension static final"
              + " MariaDbDatabase db = new MariaDbDatabase();' and use it from tests.");
    }
    return a;
  }

  @Override
  public String toString() {
    Active a = active;
    return a == null ? "MariaDbDatabase[not started]" : "MariaDbDatabase[" + a.url() + "]";
  }
}
