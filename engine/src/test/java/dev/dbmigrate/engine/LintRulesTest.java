package dev.dbmigrate.engine;

import static org.jooq.impl.DSL.constraint;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.SQLDataType.BIGINT;
import static org.jooq.impl.SQLDataType.JSON;
import static org.jooq.impl.SQLDataType.UUID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.engine.lint.Finding;
import dev.dbmigrate.engine.lint.LintResult;
import dev.dbmigrate.engine.lint.Linter;
import dev.dbmigrate.engine.lint.Rule;
import dev.dbmigrate.engine.lint.Severity;
import dev.dbmigrate.testing.PostgresDatabase;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each lint rule fires on a statement that breaks it and stays silent on its safe counterpart, and
 * the safe counterpart is SQL that PostgreSQL runs, on a database with existing tables.
 */
class LintRulesTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  /** The tables every case finds already there: "existing" to the rules. */
  static final String EXISTING =
      "create table p (id bigint primary key);"
          + " create table t (id bigint primary key, c int, p_id bigint, v varchar(10));"
          + " create index t_c on t (c)";

  static final boolean TX = true;
  static final boolean NO_TX = false;

  record Case(String rule, boolean unsafeTx, String unsafe, boolean safeTx, String safe) {
    @Override
    public String toString() {
      return rule + ": " + unsafe;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "PG001", TX, "create index i on t (c)", NO_TX, "create index concurrently i on t (c)"),
        new Case(
            "PG001",
            TX,
            "CREATE UNIQUE INDEX IF NOT EXISTS \"I\" ON public.\"t\" USING btree (v)",
            TX,
            "create table n (c int); create index n_c on n (c)"),
        new Case("PG002", TX, "drop index t_c", NO_TX, "drop index concurrently t_c"),
        new Case(
            "PG003",
            TX,
            "create index concurrently i on t (c)",
            NO_TX,
            "create index concurrently i on t (c)"),
        new Case(
            "PG004",
            TX,
            "alter table t add constraint t_p foreign key (p_id) references p (id)",
            TX,
            "alter table t add constraint t_p foreign key (p_id) references p (id) not valid"),
        new Case(
            "PG005",
            TX,
            "alter table t add constraint t_c_positive check (c > 0)",
            TX,
            "alter table t add constraint t_c_positive check (c > 0) not valid"),
        new Case(
            "PG006",
            TX,
            "alter table t alter column c set not null",
            TX,
            "alter table t add constraint t_c_not_null check (c is not null) not valid"),
        new Case(
            "PG007",
            TX,
            "alter table t add column u uuid default gen_random_uuid()",
            TX,
            "alter table t add column created_at timestamptz not null default now()"),
        new Case(
            "PG007",
            TX,
            "alter table only t add r float8 default random(), add s bigserial",
            TX,
            "alter table t add column u uuid; alter table t alter column u set default gen_random_uuid()"),
        new Case(
            "PG008",
            TX,
            "alter table t alter column c type bigint",
            TX,
            "alter table t alter column v type text"),
        new Case(
            "PG009",
            TX,
            "alter table t rename column c to c2",
            TX,
            "alter table t add column c2 int"),
        new Case(
            "PG009",
            TX,
            "alter table t rename to t2",
            TX,
            "alter table t rename constraint t_pkey to t_primary"),
        new Case(
            "PG010",
            TX,
            "alter table t drop column c",
            TX,
            "create table scratch (id bigint); drop table scratch"),
        new Case(
            "PG010",
            TX,
            "drop table if exists p cascade",
            TX,
            "alter table t drop constraint if exists t_nothing"),
        new Case("PG011", TX, "set lock_timeout = 0", TX, "set local lock_timeout = '30s'"),
        new Case("PG011", TX, "RESET lock_timeout", TX, "reset statement_timeout"),
        new Case(
            "PG011",
            TX,
            "select set_config('lock_timeout', '0', true)",
            TX,
            "select set_config('lock_timeout', '2s', true)"),
        new Case("PG013", NO_TX, "vacuum (full, analyze) t", NO_TX, "vacuum (analyze) t"),
        new Case("PG013", TX, "cluster t using t_c", TX, "analyze t"),
        new Case(
            "PG014",
            TX,
            "create table j (id bigint generated always as identity primary key, doc json)",
            TX,
            "create table j (id bigint generated always as identity primary key, doc jsonb)"),
        new Case(
            "PG015",
            TX,
            "create table e (id bigint primary key, at timestamp(3) without time zone)",
            TX,
            "create table e (id bigint primary key, at timestamp(3) with time zone, b timestamptz)"),
        new Case(
            "PG016",
            TX,
            "create table s (id bigserial primary key)",
            TX,
            "create table s (id bigint generated always as identity primary key)"),
        new Case(
            "PG017",
            TX,
            "create table k (id integer primary key)",
            TX,
            "create table k (id bigint primary key)"),
        new Case(
            "PG017",
            TX,
            "create table k (id int4 not null, name text, constraint k_pk primary key (id))",
            TX,
            "create table k (id bigint not null, n int, constraint k_pk primary key (id))"),
        new Case(
            "PG018",
            TX,
            "alter table t add constraint t_v_key unique (v)",
            NO_TX,
            "create unique index concurrently t_v_idx on t (v);"
                + " alter table t add constraint t_v_key unique using index t_v_idx"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void a_rule_fires_on_the_unsafe_form_and_not_on_the_safe_one(Case c) throws SQLException {
    assertTrue(
        rules(lintSql(c.unsafeTx(), c.unsafe())).contains(c.rule()),
        () ->
            c.rule()
                + " did not fire on: "
                + c.unsafe()
                + "; found "
                + lintSql(c.unsafeTx(), c.unsafe()).findings());
    LintResult safe = lintSql(c.safeTx(), c.safe());
    assertFalse(
        rules(safe).contains(c.rule()),
        () -> c.rule() + " fired on the safe form: " + safe.findings());

    db.execute("drop schema public cascade; create schema public; " + EXISTING);
    RunResult applied = migrator(code(c.safeTx(), c.safe())).latest();
    assertEquals(1, applied.executed().size(), "the safe form runs on PostgreSQL");
  }

  @Test
  void every_rule_has_a_case_or_a_test_of_its_own() {
    Set<String> covered = cases().map(Case::rule).collect(Collectors.toSet());
    covered.add("PG000");
    covered.add("PG012");
    covered.add("PG019"); // how SQL is sent, not a statement: SqlLintAndDryRunTest
    covered.add("PG032"); // optional: LintOptionsTest
    // The rest have cases in the lint corpus, which LintCorpusTest runs.
    dev.dbmigrate.testing.LintCorpus.read(dev.dbmigrate.testing.LintCorpus.folder())
        .forEach(c -> covered.addAll(c.expect()));
    assertEquals(Linter.rules().stream().map(Rule::id).collect(Collectors.toSet()), covered);
  }

  @Test
  void the_readme_rule_table_is_the_rules_in_the_code() throws java.io.IOException {
    String readme =
        java.nio.file.Files.readString(
            java.nio.file.Path.of(System.getProperty("user.dir")).resolveSibling("README.md"));
    List<String> rows =
        readme
            .lines()
            .filter(l -> l.matches("\\| PG\\d{3} \\|.*"))
            .map(l -> l.split("\\|"))
            .map(
                cells ->
                    cells[1].strip()
                        + " "
                        + cells[2].strip()
                        + (cells[3].contains("(optional") ? " optional" : ""))
            .toList();
    List<String> code =
        Linter.rules().stream()
            .map(
                r ->
                    r.id()
                        + " "
                        + r.severity().name().toLowerCase(java.util.Locale.ROOT)
                        + (r.optional() ? " optional" : ""))
            .toList();
    assertEquals(code, rows, "the README's rule table, row by row: id, severity, optional");
  }

  @Test
  void the_example_migration_and_stable_defaults_have_only_the_varchar_warning() {
    LintResult r =
        lint(
            new TestMigrations()
                .add(
                    "20260101000001_Demo",
                    d ->
                        d.createTable("demo_table")
                            .column("id", BIGINT.identity(true))
                            .column("name", org.jooq.impl.SQLDataType.VARCHAR(200).notNull())
                            .column(
                                "created_at",
                                org.jooq.impl.SQLDataType.TIMESTAMPWITHTIMEZONE
                                    .notNull()
                                    .defaultValue(org.jooq.impl.DSL.currentOffsetDateTime()))
                            .primaryKey("id")
                            .execute(),
                    d -> {}));
    // The example keeps varchar(200), which PG022 advises against but does not block.
    assertEquals(Set.of("PG022"), rules(r), r::toString);
    assertFalse(r.hasBlocking());
  }

  interface Step {
    void run(DSLContext db) throws Exception;
  }

  static Stream<Object[]> dslAndPlainSql() {
    return Stream.of(
        new Object[] {
          "PG001", (Step) d -> d.createIndex("i").on("t", "c").execute(), "create index i on t (c)"
        },
        new Object[] {
          "PG004",
          (Step)
              d ->
                  d.alterTable("t")
                      .add(constraint("t_p").foreignKey("p_id").references("p", "id"))
                      .execute(),
          "ALTER TABLE t ADD CONSTRAINT t_p FOREIGN KEY (p_id) REFERENCES p (id)"
        },
        new Object[] {
          "PG006",
          (Step) d -> d.alterTable("t").alterColumn("c").setNotNull().execute(),
          "alter table t alter c set not null"
        },
        new Object[] {
          "PG007",
          (Step)
              d ->
                  d.alterTable("t")
                      .addColumn("u", UUID.defaultValue(field("gen_random_uuid()", UUID)))
                      .execute(),
          "alter table t add column u uuid default gen_random_uuid()"
        },
        new Object[] {
          "PG010",
          (Step) d -> d.alterTable("t").dropColumn("c").execute(),
          "alter table t drop column c"
        },
        new Object[] {
          "PG011",
          (Step) d -> d.set(name("lock_timeout"), inline(0)).execute(),
          "SET lock_timeout TO 0"
        },
        new Object[] {
          "PG014",
          (Step)
              d ->
                  d.createTable("j")
                      .column("id", BIGINT.identity(true))
                      .column("doc", JSON)
                      .primaryKey("id")
                      .execute(),
          "create table j (id bigint generated by default as identity, doc json, primary key (id))"
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dslAndPlainSql")
  void the_dsl_and_plain_sql_forms_get_the_same_findings(String rule, Step dsl, String plain) {
    LintResult fromDsl = lint(new TestMigrations().add("20260101000001_Dsl", dsl::run, d -> {}));
    LintResult fromSql = lintSql(TX, plain);
    assertTrue(rules(fromDsl).contains(rule), fromDsl::toString);
    assertEquals(severities(fromSql), severities(fromDsl));
  }

  @Test
  void a_configured_lock_timeout_of_0_is_reported_once_per_migration() {
    MigratorConfig noLockTimeout =
        MigratorConfig.defaults()
            .withTimeouts(Duration.ofSeconds(60), Duration.ZERO, Duration.ofMinutes(30));
    TestMigrations code =
        code(TX, "select 1; alter table t add column a int; alter table t add column b int");
    List<Finding> findings = new Linter(noLockTimeout).lintAll(code).findings();
    assertEquals(
        1, findings.stream().filter(f -> f.rule().equals("PG012")).count(), findings::toString);
    assertTrue(findings.get(0).statement().contains("add column a"), findings::toString);
    assertFalse(rules(new Linter(MigratorConfig.defaults()).lintAll(code)).contains("PG012"));
  }

  @Test
  void lint_pending_knows_the_column_types_the_applied_migrations_gave() throws SQLException {
    db.execute("drop schema public cascade; create schema public");
    TestMigrations c =
        new TestMigrations()
            .add(
                "20260101000001_Customers",
                d ->
                    Sql.execute(
                        d,
                        "create table customers (id bigint generated always as identity primary"
                            + " key, email varchar(100) not null, balance numeric(10,2))"),
                d -> {});
    migrator(c).latest();
    c.add(
        "20260101000002_Wider",
        d -> Sql.execute(d, "alter table customers alter column email type varchar(320)"),
        d -> {});
    c.add(
        "20260101000003_Narrower",
        d -> Sql.execute(d, "alter table customers alter column balance type numeric(8,2)"),
        d -> {});
    LintResult r = migrator(c).lintPending();
    List<Finding> pg008 = r.findings().stream().filter(f -> f.rule().equals("PG008")).toList();
    assertEquals(1, pg008.size(), r.findings()::toString);
    assertTrue(pg008.get(0).statement().contains("numeric(8,2)"), pg008::toString);
  }

  @Test
  void lint_pending_checks_only_what_a_run_would_apply() throws SQLException {
    db.execute("drop schema public cascade; create schema public; " + EXISTING);
    TestMigrations c =
        new TestMigrations()
            .add("20260101000001_A", d -> Sql.execute(d, "create index a on t (c)"), d -> {});
    migrator(c).latest();
    c.add(
        "20260101000002_B",
        d -> Sql.execute(d, "alter table t alter column c set not null"),
        d -> {});
    LintResult r = migrator(c).lintPending();
    assertEquals(
        List.of("20260101000002_B"),
        r.migrations().stream().map(dev.dbmigrate.engine.lint.LintedMigration::name).toList());
    assertEquals(Set.of("PG006"), rules(r));
  }

  // Suppression needs annotations, so these migrations are classes, not lambdas.

  @AllowUnsafe(rule = "PG001", reason = "t is empty until the app ships")
  public static final class Silenced implements Migration {
    @Override
    public void up(DSLContext d) {
      d.execute("create index i on t (c)");
      d.execute("alter table t drop column v");
    }

    @Override
    public void down(DSLContext d) {}
  }

  @AllowUnsafe(rule = "PG001", reason = "  ")
  @AllowUnsafe(rule = "PG999", reason = "no such rule")
  public static final class BadlySilenced implements Migration {
    @Override
    public void up(DSLContext d) {
      d.execute("create index i on t (c)");
    }

    @Override
    public void down(DSLContext d) {}
  }

  @Test
  void a_silenced_rule_is_reported_with_its_reason_and_blocks_nothing() {
    LintResult r = lint(List.of(available("20260101000001_Silenced", new Silenced())));
    Finding pg001 = only(r, "PG001");
    assertTrue(pg001.suppressed());
    assertEquals("t is empty until the app ships", pg001.suppressedReason());
    assertFalse(only(r, "PG010").suppressed(), "only the rule named is silenced");
    assertFalse(r.hasBlocking());
    r.requireSafe();
  }

  @Test
  void a_suppression_without_a_reason_or_of_an_unknown_rule_is_an_error_and_silences_nothing() {
    LintResult r = lint(List.of(available("20260101000001_Bad", new BadlySilenced())));
    List<Finding> invalid = r.findings().stream().filter(f -> f.rule().equals("PG000")).toList();
    assertEquals(2, invalid.size(), r::toString);
    assertTrue(invalid.stream().allMatch(f -> f.severity() == Severity.ERROR));
    assertTrue(invalid.get(0).message().contains("blank"), invalid::toString);
    assertTrue(invalid.get(1).message().contains("no rule PG999"), invalid::toString);
    assertFalse(only(r, "PG001").suppressed());
    MigrationException e =
        org.junit.jupiter.api.Assertions.assertThrows(MigrationException.class, r::requireSafe);
    assertEquals(ErrorCode.UNSAFE_MIGRATION, e.code());
  }

  private static Finding only(LintResult r, String rule) {
    List<Finding> found = r.findings().stream().filter(f -> f.rule().equals(rule)).toList();
    assertEquals(1, found.size(), () -> rule + " in " + r.findings());
    return found.get(0);
  }

  private static AvailableMigration available(String name, Migration m) {
    return new AvailableMigration(
        MigrationName.ofClassName("M" + name), "c", "test:" + name, () -> m);
  }

  /** One migration whose up sends each statement of {@code sql} on its own, as written. */
  static TestMigrations code(boolean transactional, String sql) {
    return new TestMigrations()
        .add("20260101000001_Case", d -> Sql.execute(d, sql), d -> {}, transactional, "checksum");
  }

  private static LintResult lintSql(boolean transactional, String sql) {
    return lint(code(transactional, sql));
  }

  private static LintResult lint(TestMigrations code) {
    return new Linter(MigratorConfig.defaults()).lintAll(code);
  }

  private static LintResult lint(List<AvailableMigration> migrations) {
    return new Linter(MigratorConfig.defaults()).lint(migrations);
  }

  private static Set<String> rules(LintResult r) {
    return r.findings().stream().map(Finding::rule).collect(Collectors.toSet());
  }

  private static Set<String> severities(LintResult r) {
    return r.findings().stream()
        .map(f -> f.rule() + "/" + f.severity())
        .collect(Collectors.toSet());
  }

  private static Migrator migrator(MigrationSource code) {
    return new Migrator(db.dataSource(), code, MigratorConfig.defaults(), MigrationListener.NONE);
  }
}
