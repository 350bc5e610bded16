package dev.dbmigrate.bench;

import dev.dbmigrate.engine.MigrationListener;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.MigratorConfig;
import dev.dbmigrate.testing.SimpleDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * A benchmark's database and migrations: N generated migrations, each creating one small table with
 * a serial key, a text column and a timestamptz default, and the same work as a psql script (the
 * floor). The same N changes come as dbmigrate Java classes, dbmigrate SQL files or knex migration
 * files with their knexfile.
 */
final class Workspace {

  /** Which tool's migrations the workspace holds. */
  enum Kind {
    JAVA("dbm_bench_"),
    SQL("dbm_bench_sql_"),
    KNEX("dbm_bench_knex_");

    final String databasePrefix;

    Kind(String databasePrefix) {
      this.databasePrefix = databasePrefix;
    }
  }

  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
  private static final LocalDateTime FIRST = LocalDateTime.of(2026, 1, 1, 0, 0, 0);

  final int n;
  final String host;
  final int port;
  final String user;
  final String password;
  final String database;
  final Path migrations;
  final Path cache;
  final Path floorScript;

  final Kind kind;

  /** knex's configuration file (knex workspaces only). */
  final Path knexfile;

  Workspace(int n, String host, int port, String user, String password, Path dir)
      throws IOException {
    this(n, host, port, user, password, dir, Kind.JAVA);
  }

  Workspace(int n, String host, int port, String user, String password, Path dir, Kind kind)
      throws IOException {
    this.kind = kind;
    this.n = n;
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.database = kind.databasePrefix + n;
    this.migrations = Files.createDirectories(dir.resolve("migrations"));
    this.cache = dir.resolve("cache");
    this.floorScript = dir.resolve("floor.sql");
    this.knexfile = dir.resolve("knexfile.js");
  }

  String url(String db) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + db;
  }

  static String sql(int i) {
    return "create table bench_"
        + i
        + " (id serial primary key, name text,"
        + " created_at timestamptz not null default now())";
  }

  static String name(int i) {
    return FIRST.plusSeconds(i).format(TIMESTAMP) + "_CreateBench" + i;
  }

  void generate() throws IOException {
    Path pkg =
        Files.createDirectories(
            kind == Kind.KNEX ? migrations : migrations.resolve("db/migration"));
    if (kind == Kind.KNEX) {
      writeKnexfile();
    }
    StringBuilder floor = new StringBuilder("\\set ON_ERROR_STOP on\n");
    for (int i = 1; i <= n; i++) {
      String name = name(i);
      if (kind == Kind.KNEX) {
        // knex's own form of the same change: raw SQL, each migration in its own transaction
        // (knex's default), its history in knex_migrations.
        Files.writeString(
            pkg.resolve(name + ".js"),
            """
            exports.up = (knex) => knex.raw('%s');
            exports.down = (knex) => knex.raw('drop table bench_%d');
            """
                .formatted(sql(i), i),
            StandardCharsets.UTF_8);
      } else if (kind == Kind.SQL) {
        Files.writeString(pkg.resolve(name + ".up.sql"), sql(i) + ";\n", StandardCharsets.UTF_8);
        Files.writeString(
            pkg.resolve(name + ".down.sql"),
            "drop table bench_" + i + ";\n",
            StandardCharsets.UTF_8);
      } else {
        Files.writeString(
            pkg.resolve("M" + name + ".java"),
            """
          package db.migration;

          import dev.dbmigrate.engine.Migration;
          import org.jooq.DSLContext;

          public class M%s implements Migration {
            @Override
            public void up(DSLContext db) {
              db.execute("%s");
            }

            @Override
            public void down(DSLContext db) {
              db.execute("drop table bench_%d");
            }
          }
          """
                .formatted(name, sql(i), i),
            StandardCharsets.UTF_8);
      }
      floor
          .append("begin;\n")
          .append(sql(i))
          .append(";\n")
          .append(
              "insert into public.dbmigrate_migrations (name, batch, execution_ms, applied_by,"
                  + " checksum, status) values ('")
          .append(name)
          .append("', 1, 3, 'bench@host', '")
          .append("0".repeat(64))
          .append("', 'applied');\n")
          .append("commit;\n");
    }
    Files.writeString(floorScript, floor, StandardCharsets.UTF_8);
  }

  /**
   * knex's configuration as a knex user writes it: the pg client, its default pool, the migrations
   * folder. The password, if any, comes from the environment, not the file.
   */
  private void writeKnexfile() throws IOException {
    Files.writeString(
        knexfile,
        """
        module.exports = {
          client: 'pg',
          connection: {
            host: '%s',
            port: %d,
            user: '%s',
            password: process.env.DBMIGRATE_BENCH_PASSWORD,
            database: '%s',
          },
          migrations: { directory: '%s' },
        };
        """
            .formatted(host, port, user, database, migrations),
        StandardCharsets.UTF_8);
  }

  /**
   * With {@code --async-commit}: the benchmark databases commit without waiting for the WAL flush
   * ({@code synchronous_commit = off}), so every tool's run leaves out the disk's flush time (the
   * same 1,000 flushes for every tool) and a figure is each tool's own work and round trips.
   */
  static boolean asyncCommit;

  /** The earlier runs' databases, renamed aside; dropped by {@link #drop()}. */
  private final List<String> aside = new ArrayList<>();

  /**
   * Recreates the benchmark database. The last run's database is renamed aside, not dropped: on
   * this machine a run that creates 1,000 tables right after a DROP DATABASE of 1,000 tables took
   * about three times as long (the creates, not the commits, were slower), so a drop here made the
   * next timed run pay for the last one.
   */
  void recreate(boolean withHistoryTable) throws SQLException {
    try (Connection admin = connect("postgres");
        Statement s = admin.createStatement()) {
      boolean exists;
      try (var rs =
          s.executeQuery("select 1 from pg_database where datname = '" + database + "'")) {
        exists = rs.next();
      }
      if (exists) {
        s.execute(
            "select pg_terminate_backend(pid) from pg_stat_activity where datname = '"
                + database
                + "'");
        String old = database + "_old" + aside.size();
        s.execute("drop database if exists " + old + " with (force)");
        s.execute("alter database " + database + " rename to " + old);
        aside.add(old);
      }
      s.execute("create database " + database);
      if (asyncCommit) {
        s.execute("alter database " + database + " set synchronous_commit = off");
      }
    }
    if (withHistoryTable) {
      // The engine creates its history table on its first run, even one with nothing to apply, so
      // the floor writes to exactly the table a real run writes to.
      DataSource ds = new SimpleDataSource(url(database), user, password);
      new Migrator(ds, List::of, MigratorConfig.defaults(), MigrationListener.NONE).latest();
    }
    settle();
  }

  /**
   * Writes out what dropping and creating the database left in memory, so the timed run that
   * follows does not pay for it. Needs a superuser (or pg_checkpoint); without one it is skipped.
   */
  private void settle() {
    try (Connection admin = connect("postgres");
        Statement s = admin.createStatement()) {
      s.execute("checkpoint");
    } catch (SQLException e) {
      // Only steadies the figures; they are still measured without it.
    }
  }

  /** Drops the benchmark database and those renamed aside. */
  void drop() throws SQLException {
    try (Connection admin = connect("postgres");
        Statement s = admin.createStatement()) {
      s.execute("drop database if exists " + database + " with (force)");
      for (String old : aside) {
        s.execute("drop database if exists " + old + " with (force)");
      }
      aside.clear();
    }
  }

  long applied() throws SQLException {
    String history = kind == Kind.KNEX ? "knex_migrations" : "dbmigrate_migrations";
    try (Connection c = connect(database);
        Statement s = c.createStatement();
        var rs = s.executeQuery("select count(*) from " + history)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  Connection connect(String db) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    if (password != null) {
      p.setProperty("password", password);
    }
    return DriverManager.getConnection(url(db), p);
  }
}
