package dev.dbmigrate.engine;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.SQLDataType.BIGINT;
import static org.jooq.impl.SQLDataType.VARCHAR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.engine.PlannedStatement.Kind;
import dev.dbmigrate.engine.lint.SqlStatements;
import dev.dbmigrate.testing.PostgresDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A dry run shows exactly what a run sends, and sends nothing. */
class DryRunTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  /**
   * Records every query the server runs as DDL (event trigger) and, for tables given the trigger
   * function log_dml, every DML statement: what the server saw, not what the client meant to send.
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

  private TestMigrations code;

  @BeforeEach
  void emptyDatabase() throws SQLException {
    db.execute(
        "drop event trigger if exists log_ddl; drop schema public cascade; create schema public");
    code = new TestMigrations();
  }

  private Migrator migrator() {
    return new Migrator(
        db.dataSource(),
        code,
        MigratorConfig.defaults().withAppliedBy("test@host"),
        MigrationListener.NONE);
  }

  private boolean tableExists(String table) throws SQLException {
    return db.scalar("select to_regclass('public." + table + "')") != null;
  }

  /**
   * DSL and plain SQL, DDL and DML, binds, several statements in one string, and no transaction.
   */
  private void multiStatementMigrations() {
    code.add(
        "20260101000001_Widgets",
        d -> {
          d.createTable("widget")
              .column("id", BIGINT.identity(true))
              .column("name", VARCHAR(100).notNull())
              .primaryKey("id")
              .execute();
          d.createIndex("widget_name").on("widget", "name").execute();
          d.execute(
              "create trigger widget_log after insert or update on widget"
                  + " for each statement execute function log_dml()");
          d.insertInto(table(name("widget")), field(name("name"), String.class))
              .values("it's")
              .execute();
          d.execute("update widget set name = ? where name = ?", "b", "it's");
          d.execute(
              "alter table widget add column size int; comment on column widget.size is 'in cm'");
        },
        d -> d.execute("drop table widget"));
    code.add(
        "20260101000002_WidgetSize",
        d -> d.execute("create index concurrently widget_size on widget (size)"),
        d -> d.execute("drop index concurrently widget_size"),
        false,
        "checksum-of-size");
  }

  @Test
  void the_dry_run_shows_the_statements_latest_then_sends_in_order() throws SQLException {
    multiStatementMigrations();
    DryRunResult dry = migrator().dryRun().latest();
    db.execute(SERVER_LOG);

    migrator().latest();

    List<String> expected = new ArrayList<>(dry.setup());
    dry.migrations()
        .forEach(m -> m.migrationSql().forEach(sql -> expected.addAll(SqlStatements.split(sql))));
    assertEquals(normalized(expected), serverLog());
    assertEquals(9, expected.size(), expected::toString);
  }

  /** The queries the server logged, without repeats (one DDL command may fire several events). */
  private List<String> serverLog() throws SQLException {
    List<String> queries =
        db.query(
            "select query from sql_log order by id",
            rs -> {
              List<String> q = new ArrayList<>();
              while (rs.next()) {
                q.add(rs.getString(1));
              }
              return q;
            });
    List<String> distinct = new ArrayList<>();
    for (String q : normalized(queries)) {
      if (distinct.isEmpty() || !distinct.get(distinct.size() - 1).equals(q)) {
        distinct.add(q);
      }
    }
    return distinct;
  }

  static List<String> normalized(List<String> statements) {
    return statements.stream().map(s -> s.strip().replaceAll(";$", "").strip()).toList();
  }

  @Test
  void statements_come_with_the_transaction_timeouts_and_history_row_a_run_adds() {
    multiStatementMigrations();
    DryRunResult dry = migrator().dryRun().latest();

    assertEquals(1, dry.batch());
    assertEquals(List.of(), dry.pending());
    assertEquals(1, dry.setup().size());
    assertTrue(
        dry.setup()
            .get(0)
            .startsWith("create table if not exists \"public\".\"dbmigrate_migrations\""));
    PlannedMigration tx = dry.migrations().get(0);
    List<PlannedStatement> s = tx.statements();
    assertEquals(new PlannedStatement(Kind.TRANSACTION, "BEGIN"), s.get(0));
    assertEquals(
        new PlannedStatement(
            Kind.TIMEOUT,
            "select set_config('lock_timeout', '5000ms', true),"
                + " set_config('statement_timeout', '1800000ms', true), txid_current()"),
        s.get(1));
    assertEquals(Kind.MIGRATION, s.get(2).kind());
    assertEquals(
        "insert into \"widget\" (\"name\") values ('it''s')", s.get(5).sql(), "values written in");
    assertEquals(
        "update widget set name = 'b' where name = 'it''s'", s.get(6).sql(), "binds written in");
    assertEquals(
        new PlannedStatement(
            Kind.HISTORY,
            "insert into \"public\".\"dbmigrate_migrations\""
                + " (name, batch, execution_ms, applied_by, checksum, status) values ('20260101000001_Widgets',"
                + " 1, 0 /* execution_ms: measured when it runs */, 'test@host', 'checksum-of-20260101000001_Widgets',"
                + " 'applied') returning txid_current()"),
        s.get(s.size() - 2));
    assertEquals(new PlannedStatement(Kind.TRANSACTION, "COMMIT"), s.get(s.size() - 1));
    assertFalse(tx.readsData());

    PlannedMigration outside = dry.migrations().get(1);
    assertFalse(outside.transactional());
    assertEquals(
        List.of(Kind.HISTORY, Kind.TIMEOUT, Kind.MIGRATION, Kind.TIMEOUT, Kind.HISTORY),
        outside.statements().stream().map(PlannedStatement::kind).toList());
    assertTrue(
        outside.statements().get(0).sql().contains("'running'"),
        "recorded as running before its first statement");
    assertTrue(outside.statements().get(1).sql().endsWith("false)"), "session-level timeouts");
    assertEquals("reset lock_timeout; reset statement_timeout", outside.statements().get(3).sql());
    assertTrue(outside.statements().get(4).sql().startsWith("update"), "then recorded as applied");
  }

  @Test
  void a_dry_run_changes_nothing_and_takes_no_lock() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    code.add(
        "20260101000001_Slow",
        d -> {
          inside.countDown();
          release.await(10, TimeUnit.SECONDS);
          d.execute("create table slow (id int)");
        },
        d -> {});
    CompletableFuture<DryRunResult> dryRun =
        CompletableFuture.supplyAsync(() -> migrator().dryRun().latest());
    assertTrue(inside.await(10, TimeUnit.SECONDS));
    Object advisoryLocks =
        db.scalar(
            "select count(*) from pg_locks where locktype = 'advisory'"
                + " and database = (select oid from pg_database where datname = current_database())");
    String sessions =
        "select count(*) from pg_stat_activity"
            + " where datname = current_database() and pid <> pg_backend_pid()";
    // An earlier connection's backend may still be ending (PostgreSQL ends it after the client
    // closed); the migration waits for the latch, so the count can settle first.
    Object dryRunSessions = db.scalar(sessions);
    for (long deadline = System.nanoTime() + 5_000_000_000L;
        (Long) dryRunSessions > 1L && System.nanoTime() < deadline; ) {
      Thread.sleep(20);
      dryRunSessions = db.scalar(sessions);
    }
    release.countDown();
    DryRunResult result = dryRun.get(10, TimeUnit.SECONDS);

    assertEquals(0L, advisoryLocks, "the run lock is not taken");
    assertEquals(1L, dryRunSessions, "the dry run was connected while it ran the migration");
    assertEquals(List.of("create table slow (id int)"), result.migrations().get(0).migrationSql());
    assertFalse(tableExists("slow"));
    assertFalse(tableExists("dbmigrate_migrations"), "no history table is created");
  }

  @Test
  void rollback_and_down_show_the_down_statements_and_the_history_deletes() throws SQLException {
    code.table("20260101000001_A", "a").table("20260101000002_B", "b");
    migrator().latest();
    code.table("20260101000003_C", "c");

    DryRunResult rollback = migrator().dryRun().rollback(false);
    assertEquals(1, rollback.batch());
    assertEquals(List.of(), rollback.setup(), "the history table exists");
    assertEquals(
        List.of("20260101000002_B", "20260101000001_A"),
        rollback.migrations().stream().map(PlannedMigration::name).toList());
    assertEquals(List.of("drop table b"), rollback.migrations().get(0).migrationSql());
    assertEquals(
        new PlannedStatement(
            Kind.HISTORY,
            "delete from \"public\".\"dbmigrate_migrations\" where name = '20260101000002_B'"
                + " returning txid_current()"),
        rollback.migrations().get(0).statements().get(3));
    assertEquals(
        List.of("20260101000001_A", "20260101000002_B", "20260101000003_C"), rollback.pending());
    assertEquals(
        List.of("20260101000001_A"),
        migrator().dryRun().down("A").migrations().stream().map(PlannedMigration::name).toList());
    assertEquals(2, migrator().dryRun().latest().batch());

    assertTrue(tableExists("a") && tableExists("b"));
    assertFalse(tableExists("c"));
    assertEquals(2L, db.scalar("select count(*) from dbmigrate_migrations"));
  }

  @Test
  void a_dry_run_refuses_what_a_run_would_refuse() {
    code.table("20260101000002_B", "b");
    migrator().latest();
    code.table("20260101000001_A", "a");
    MigrationException e =
        assertThrows(MigrationException.class, () -> migrator().dryRun().latest());
    assertEquals(ErrorCode.OUT_OF_ORDER, e.code());
    assertEquals(
        ErrorCode.NOT_FOUND,
        assertThrows(MigrationException.class, () -> migrator().dryRun().up("Nope")).code());
  }

  @Test
  void a_migration_that_reads_data_is_marked_and_one_that_needs_rows_shows_where_it_stopped() {
    code.add(
        "20260101000001_Backfill",
        d -> {
          d.execute("create table t (id int)");
          for (org.jooq.Record r : d.fetch("select id from t")) {
            d.execute("update t set id = " + r.get(0));
          }
          d.fetchSingle("select count(*) from t");
          d.execute("create table never (id int)");
        },
        d -> {});
    PlannedMigration m = migrator().dryRun().latest().migrations().get(0);
    assertTrue(m.readsData());
    assertNotNull(m.stoppedBy());
    assertEquals(
        List.of("create table t (id int)", "select id from t", "select count(*) from t"),
        m.migrationSql());
  }

  @Test
  void offline_assumes_an_empty_history_and_needs_no_database() {
    code.table("20260101000001_A", "a").table("20260101000002_B", "b");
    MigratorConfig config = MigratorConfig.defaults().withHistoryTable("ops", "history");

    DryRunResult latest = DryRun.offline(code, config).latest();
    assertTrue(latest.offline());
    assertEquals(List.of("create schema \"ops\""), latest.setup().subList(0, 1));
    assertEquals(2, latest.migrations().size());
    DryRunResult up = DryRun.offline(code, config).up("B");
    assertEquals(
        List.of("20260101000002_B"), up.migrations().stream().map(PlannedMigration::name).toList());
    assertTrue(DryRun.offline(code, config).rollback(true).nothingToDo());
  }
}
