package dev.dbmigrate.cli;

import static dev.dbmigrate.cli.MigrationFiles.name;
import static dev.dbmigrate.cli.MigrationFiles.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.lint.SqlStatements;
import dev.dbmigrate.testing.PostgresDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** latest, rollback, up and down with --dry-run: the SQL a run would send, and nothing sent. */
class DryRunCommandTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  /** The project's own migrations folder, with the example migration. */
  static final Path EXAMPLES =
      Path.of(System.getProperty("user.dir")).resolveSibling("migrations/src/main/java");

  /**
   * Logs every DDL command the server runs, and DML on tables given the trigger function log_dml.
   */
  static final String SERVER_LOG =
      """
      create table sql_log (id bigserial primary key, query text not null);
      create function log_ddl() returns event_trigger language plpgsql as $$
        begin insert into sql_log (query) values (current_query()); end $$;
      create function log_dml() returns trigger language plpgsql as $$
        begin insert into sql_log (query) values (current_query()); return null; end $$;
      create event trigger log_ddl on ddl_command_end execute function log_ddl();
      """;

  @TempDir Path tmp;
  CliRunner cli;
  MigrationFiles files;
  DatabaseState state = new DatabaseState(db);

  @BeforeEach
  void setUp() throws Exception {
    db.execute("drop event trigger if exists log_ddl");
    state.reset();
    cli = CliRunner.forProject(db, tmp);
    files = cli.files();
  }

  @Test
  void the_dry_run_of_the_example_migration_is_what_latest_then_executes() throws Exception {
    CliRunner examples = cli.withEnv("DBMIGRATE_MIGRATIONS_DIR", EXAMPLES.toString());
    Object dry =
        MiniJson.parse(
            examples.run("latest", "--dry-run", "--json").assertExit(ExitCodes.OK).out());
    assertFalse(state.historyExists());
    assertFalse(state.tableExists("demo_table"));

    db.execute(SERVER_LOG);
    examples.run("latest").assertExit(ExitCodes.OK);

    List<String> expected = sentByDryRun(dry);
    assertEquals(2, expected.size(), expected::toString);
    assertTrue(expected.get(1).startsWith("create table \"demo_table\""), expected::toString);
    assertEquals(expected, serverLog());
  }

  @Test
  void the_dry_run_of_a_multi_statement_migration_is_what_latest_then_executes() throws Exception {
    files.createTable(ts(1), "CreateGadgets", "gadget");
    files
        .migration(ts(2), "FillGadgets")
        .up(
            "alter table gadget add column name text; create index gadget_name on gadget (name)",
            "create trigger gadget_log after insert or update on gadget for each statement"
                + " execute function log_dml()",
            "insert into gadget (id, name) values (1, 'it''s')",
            "update gadget set name = upper(name)")
        .down("drop table gadget")
        .write();
    Object dry =
        MiniJson.parse(cli.run("latest", "--dry-run", "--json").assertExit(ExitCodes.OK).out());
    assertFalse(state.tableExists("gadget"));

    db.execute(SERVER_LOG);
    cli.run("latest").assertExit(ExitCodes.OK);

    List<String> expected = sentByDryRun(dry);
    assertEquals(7, expected.size(), expected::toString);
    assertEquals(expected, serverLog());
  }

  @Test
  void the_text_shows_transactions_timeouts_and_history_rows_and_changes_nothing()
      throws Exception {
    files.createTable(ts(1), "CreateGadgets", "gadget");
    files.write(
        "M" + ts(2) + "_IndexGadgets",
        """
        package db.migration;

        import dev.dbmigrate.engine.Migration;
        import org.jooq.DSLContext;

        public class M%s_IndexGadgets implements Migration {
          @Override
          public void up(DSLContext db) {
            db.execute("create index concurrently gadget_id on gadget (id)");
          }

          @Override
          public void down(DSLContext db) {
            db.execute("drop index concurrently gadget_id");
          }

          @Override
          public boolean transactional() {
            return false;
          }
        }
        """
            .formatted(ts(2)));

    String out = cli.run("latest", "--dry-run").assertExit(ExitCodes.OK).assertNoStackTrace().out();

    assertTrue(out.contains("nothing was changed and no lock was taken"), out);
    assertTrue(out.contains("create table if not exists \"public\".\"dbmigrate_migrations\""), out);
    assertTrue(out.contains("-- up [1/2] " + name(1, "CreateGadgets")), out);
    assertTrue(
        out.contains(
            "BEGIN;\nselect set_config('lock_timeout', '5000ms', true),"
                + " set_config('statement_timeout', '1800000ms', true), txid_current();\ncreate table \"gadget\" (\"id\" int);\n"
                + "insert into \"public\".\"dbmigrate_migrations\""),
        out);
    assertTrue(
        out.contains(
            "'" + name(1, "CreateGadgets") + "', 1, 0 /* execution_ms: measured when it runs */"),
        out);
    assertTrue(out.contains("COMMIT;"), out);
    assertTrue(
        out.contains(
            "-- up [2/2] "
                + name(2, "IndexGadgets")
                + " (db/migration/M"
                + ts(2)
                + "_IndexGadgets.java)\n-- runs outside a transaction"),
        out);
    assertTrue(
        out.contains(
            """
        create index concurrently gadget_id on gadget (id);
        reset lock_timeout; reset statement_timeout;
        """),
        out);
    assertFalse(state.historyExists());
    assertFalse(state.tableExists("gadget"));
  }

  @Test
  void rollback_and_down_dry_runs_show_the_reverts_and_revert_nothing() throws Exception {
    files.createTable(ts(1), "CreateGadgets", "gadget");
    files.createTable(ts(2), "CreateWidgets", "widget");
    cli.run("latest").assertExit(ExitCodes.OK);

    String out = cli.run("rollback", "--dry-run").assertExit(ExitCodes.OK).out();
    assertTrue(out.contains("-- Would revert 2 migrations:"), out);
    assertTrue(out.indexOf("drop table \"widget\";") < out.indexOf("drop table \"gadget\";"), out);
    assertTrue(
        out.contains(
            "delete from \"public\".\"dbmigrate_migrations\" where name = '"
                + name(2, "CreateWidgets")
                + "' returning txid_current();"),
        out);
    String down = cli.run("down", "CreateGadgets", "--dry-run").assertExit(ExitCodes.OK).out();
    assertTrue(down.contains("-- down [1/1] " + name(1, "CreateGadgets")), down);
    assertFalse(down.contains("widget"), down);
    assertEquals(List.of(name(1, "CreateGadgets"), name(2, "CreateWidgets")), state.history());
    assertTrue(state.tableExists("gadget") && state.tableExists("widget"));
    assertTrue(
        cli.run("latest", "--dry-run")
            .assertExit(ExitCodes.OK)
            .out()
            .contains("Already up to date"));
  }

  @Test
  void a_migration_that_reads_data_says_so() {
    files.migration(ts(1), "Backfill").up("select count(*) from pg_class").down().write();
    String out = cli.run("up", "--dry-run").assertExit(ExitCodes.OK).out();
    assertTrue(
        out.contains(
            "-- note: this migration reads data; the dry run answered with no rows,"
                + " so on a real database it may do something else"),
        out);
  }

  @Test
  void offline_uses_no_database_and_assumes_every_migration_is_pending() throws Exception {
    files.createTable(ts(1), "CreateGadgets", "gadget");
    files.createTable(ts(2), "CreateWidgets", "widget");
    CliRunner offline = cli.withEnv("DBMIGRATE_URL", deadUrl());
    offline.run("status").assertExit(ExitCodes.of(ErrorCode.CONNECTION));

    Object json =
        MiniJson.parse(
            offline
                .run("latest", "--dry-run", "--offline", "--json")
                .assertExit(ExitCodes.OK)
                .out());
    assertEquals(true, MiniJson.at(json, "offline"));
    assertEquals(2, ((List<?>) MiniJson.at(json, "migrations")).size());
    assertEquals(1, ((List<?>) MiniJson.at(json, "setup")).size());

    String up =
        offline
            .run("up", name(2, "CreateWidgets"), "--dry-run", "--offline")
            .assertExit(ExitCodes.OK)
            .out();
    assertTrue(up.contains("offline: no database was used"), up);
    assertTrue(up.contains("create table \"widget\""), up);
    assertFalse(up.contains("create table \"gadget\""), up);
    assertTrue(
        offline
            .run("rollback", "--dry-run", "--offline")
            .assertExit(ExitCodes.OK)
            .out()
            .contains("Already at the base migration"));
  }

  @Test
  void offline_without_dry_run_is_a_usage_error() throws Exception {
    files.createTable(ts(1), "CreateGadgets", "gadget");
    CliRunner.Result r =
        cli.withEnv("DBMIGRATE_URL", deadUrl())
            .run("latest", "--offline")
            .assertExit(ExitCodes.USAGE)
            .assertNoStackTrace();
    assertTrue(r.err().contains("--offline needs --dry-run"), r::toString);
  }

  /** A URL whose port nobody listens on. */
  static String deadUrl() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return "jdbc:postgresql://127.0.0.1:" + s.getLocalPort() + "/nowhere";
    }
  }

  /**
   * What the dry run says the server will run as DDL or logged DML: setup and migration statements.
   */
  static List<String> sentByDryRun(Object json) {
    List<String> sent = new ArrayList<>();
    for (Object sql : (List<?>) MiniJson.at(json, "setup")) {
      sent.add((String) sql);
    }
    for (Object m : (List<?>) MiniJson.at(json, "migrations")) {
      for (Object s : (List<?>) MiniJson.at(m, "statements")) {
        Map<?, ?> statement = (Map<?, ?>) s;
        if (statement.get("kind").equals("migration")) {
          sent.addAll(SqlStatements.split((String) statement.get("sql")));
        }
      }
    }
    return normalized(sent);
  }

  /** The queries the server logged, each once (one command can fire several events). */
  List<String> serverLog() throws SQLException {
    List<String> distinct = new ArrayList<>();
    for (String q : normalized(state.column("select query from sql_log order by id"))) {
      if (distinct.isEmpty() || !distinct.get(distinct.size() - 1).equals(q)) {
        distinct.add(q);
      }
    }
    return distinct;
  }

  static List<String> normalized(List<String> statements) {
    return statements.stream().map(s -> s.strip().replaceAll(";$", "").strip()).toList();
  }
}
