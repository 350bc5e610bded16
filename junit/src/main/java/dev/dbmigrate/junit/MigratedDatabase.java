package dev.dbmigrate.junit;

import dev.dbmigrate.engine.AvailableMigration;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigrationListener;
import dev.dbmigrate.engine.MigrationName;
import dev.dbmigrate.engine.MigrationSource;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.MigratorConfig;
import dev.dbmigrate.engine.RunResult;
import dev.dbmigrate.testing.PostgresDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each test a fresh PostgreSQL database migrated up to a named migration, so a test of a data
 * migration inserts rows as they were before it, runs it, and asserts on what it made of them:
 *
 * <pre>{@code
 * @RegisterExtension
 * final MigratedDatabase db =
 *     MigratedDatabase.of(new ClasspathMigrationSource(loader, "db.migration")).upTo("AddOrders");
 *
 * @Test
 * void splits_names() throws Exception {
 *   db.execute("insert into people (name) values ('Ada Lovelace')");
 *   db.migrateNext();
 *   assertEquals("Lovelace", db.scalar("select last_name from people"));
 * }
 * }</pre>
 *
 * <p>Register it on an instance field: each test gets its own database, dropped after it. The
 * server is chosen as for dbmigrate's own tests: {@code DBMIGRATE_TEST_PG_URL} (with {@code _USER},
 * {@code _PASSWORD}), else PostgreSQL on 127.0.0.1:5432, else a Testcontainers container; without
 * any, the test fails saying how to provide one, it never skips. Migrations run through the engine
 * ({@link Migrator#up}), with the same transactions and history rows as a real run.
 */
public final class MigratedDatabase implements BeforeEachCallback, AfterEachCallback {

  private final MigrationSource source;
  private final MigratorConfig config;
  private final String upTo;
  private final PostgresDatabase database = new PostgresDatabase();
  private List<AvailableMigration> code;

  private MigratedDatabase(MigrationSource source, MigratorConfig config, String upTo) {
    this.source = source;
    this.config = config;
    this.upTo = upTo;
  }

  /** A database with none of the migrations applied. */
  public static MigratedDatabase of(MigrationSource source) {
    return new MigratedDatabase(source, MigratorConfig.defaults(), null);
  }

  /** Each test starts with every migration up to and including this one applied. */
  public MigratedDatabase upTo(String migration) {
    return new MigratedDatabase(source, config, migration);
  }

  /** With other engine settings (the history table's name, timeouts). */
  public MigratedDatabase withConfig(MigratorConfig other) {
    return new MigratedDatabase(source, other, upTo);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws SQLException {
    // PostgresDatabase makes and drops a database per context it is given: here, per test.
    database.beforeAll(context);
    code =
        source.migrations().stream()
            .sorted(Comparator.comparing(AvailableMigration::name))
            .toList();
    if (upTo != null) {
      int last = indexOf(upTo);
      Migrator m = migrator();
      for (AvailableMigration a : code.subList(0, last + 1)) {
        m.up(a.name().toString());
      }
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws SQLException {
    database.afterAll(context);
  }

  /** Applies the next pending migration, as {@code dbmigrate up} does. */
  public RunResult migrateNext() {
    return migrator().up(null);
  }

  /** Applies every pending migration up to and including the named one, in order. */
  public RunResult migrateTo(String migration) {
    int last = indexOf(migration);
    RunResult result = null;
    List<String> pending = migrator().status().pending().stream().map(s -> s.name()).toList();
    for (AvailableMigration a : code.subList(0, last + 1)) {
      if (pending.contains(a.name().toString())) {
        result = migrator().up(a.name().toString());
      }
    }
    if (result == null) {
      throw new MigrationException(
          ErrorCode.NOT_FOUND, migration + " and those before it are applied already");
    }
    return result;
  }

  /** Reverts the last applied migration, as {@code dbmigrate down} does. */
  public RunResult migrateDown() {
    return migrator().down(null);
  }

  /** The engine on this test's database, for anything else. */
  public Migrator migrator() {
    return new Migrator(database.dataSource(), () -> code, config, MigrationListener.NONE);
  }

  public DataSource dataSource() {
    return database.dataSource();
  }

  /** A new connection to this test's database; the caller closes it. */
  public Connection connect() throws SQLException {
    return database.connect();
  }

  /** Runs statements without results, separated by semicolons, on a connection of their own. */
  public void execute(String sql) throws SQLException {
    database.execute(sql);
  }

  /** The first column of the first row, or null without a row. */
  public Object scalar(String sql) throws SQLException {
    return database.scalar(sql);
  }

  public String url() {
    return database.url();
  }

  private int indexOf(String migration) {
    for (int i = 0; i < code.size(); i++) {
      MigrationName n = code.get(i).name();
      if (n.toString().equals(migration)
          || n.description().equals(migration)
          || n.timestamp().equals(migration)) {
        return i;
      }
    }
    throw new MigrationException(
        ErrorCode.NOT_FOUND,
        "no migration named '"
            + migration
            + "' in the source; give its full name, its description or its timestamp");
  }
}
