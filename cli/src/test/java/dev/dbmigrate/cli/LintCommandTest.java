package dev.dbmigrate.cli;

import static dev.dbmigrate.cli.MigrationFiles.name;
import static dev.dbmigrate.cli.MigrationFiles.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.testing.PostgresDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** dbmigrate lint and latest --lint: findings, exit codes, silencing, and the output formats. */
class LintCommandTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  static final int UNSAFE = ExitCodes.of(ErrorCode.UNSAFE_MIGRATION);

  @TempDir Path tmp;
  CliRunner cli;
  MigrationFiles files;
  DatabaseState state = new DatabaseState(db);

  @BeforeEach
  void setUp() throws Exception {
    state.reset();
    db.execute("create table orders (id bigint primary key, status text)");
    cli = CliRunner.forProject(db, tmp);
    files = cli.files();
  }

  /** A migration class with the given annotations above it, whose up runs {@code sql}. */
  private void migration(int n, String description, String annotations, String sql) {
    files.write(
        "M" + ts(n) + "_" + description,
        """
        package db.migration;

        import dev.dbmigrate.engine.AllowUnsafe;
        import dev.dbmigrate.engine.Migration;
        import dev.dbmigrate.engine.Sql;
        import org.jooq.DSLContext;

        %s
        public class M%s_%s implements Migration {
          @Override
          public void up(DSLContext db) throws Exception {
            Sql.execute(db, "%s");
          }

          @Override
          public void down(DSLContext db) {}
        }
        """
            .formatted(annotations, ts(n), description, MigrationFiles.javaString(sql)));
  }

  private void unsafeIndex(int n, String annotations) {
    migration(n, "IndexOrders", annotations, "create index orders_status on orders (status)");
  }

  @Test
  void unsafe_statements_are_reported_with_why_and_the_safe_pattern_and_exit_16() throws Exception {
    unsafeIndex(1, "");

    CliRunner.Result r = cli.run("lint").assertExit(UNSAFE).assertNoStackTrace();

    assertTrue(r.out().contains(name(1, "IndexOrders")), r::toString);
    assertTrue(
        r.out().contains("error PG001 Index created without CONCURRENTLY on an existing table"),
        r::toString);
    assertTrue(
        r.out().contains("statement: create index orders_status on orders (status)"), r::toString);
    assertTrue(r.out().contains("why:       CREATE INDEX holds a SHARE lock"), r::toString);
    assertTrue(r.out().contains("safe:      CREATE INDEX CONCURRENTLY"), r::toString);
    assertTrue(
        r.out()
            .contains(
                "Lint: 1 migration, 1 statement checked for PostgreSQL "
                    + db.scalar("select current_setting('server_version_num')::int / 10000")
                    + "; 1 error, 0 warnings, 0 silenced."),
        r::toString);
  }

  @Test
  void lint_checks_pending_migrations_only_unless_told_otherwise() throws Exception {
    unsafeIndex(1, "");
    cli.run("latest").assertExit(ExitCodes.OK);
    migration(2, "JsonColumn", "", "alter table orders add column doc json");

    CliRunner.Result pending = cli.run("lint").assertExit(ExitCodes.OK);
    assertFalse(pending.out().contains("PG001"), pending::toString);
    assertTrue(pending.out().contains("warning PG014 json instead of jsonb"), pending::toString);

    CliRunner offline = cli.withEnv("DBMIGRATE_URL", DryRunCommandTest.deadUrl());
    CliRunner.Result all = offline.run("lint", "--all").assertExit(UNSAFE);
    assertTrue(all.out().contains("PG001") && all.out().contains("PG014"), all::toString);
    offline.run("lint", "--offline").assertExit(UNSAFE);
    CliRunner.Result named = offline.run("lint", "JsonColumn").assertExit(ExitCodes.OK);
    assertFalse(named.out().contains("PG001"), named::toString);
    offline.run("lint", "NoSuchMigration").assertExit(ExitCodes.of(ErrorCode.NOT_FOUND));
  }

  @Test
  void a_silenced_rule_prints_its_reason_and_passes() {
    unsafeIndex(
        1, "@AllowUnsafe(rule = \"PG001\", reason = \"orders is empty until the app ships\")");

    CliRunner.Result r = cli.run("lint").assertExit(ExitCodes.OK);

    assertTrue(
        r.out()
            .contains(
                "error PG001 Index created without CONCURRENTLY on an existing table"
                    + " (silenced: orders is empty until the app ships)"),
        r::toString);
    assertTrue(r.out().contains("0 errors, 0 warnings, 1 silenced"), r::toString);
  }

  @Test
  void a_suppression_without_a_reason_is_itself_an_error() {
    unsafeIndex(1, "@AllowUnsafe(rule = \"PG001\")");
    CliRunner.Result r = cli.run("lint").assertExit(UNSAFE);
    assertTrue(r.out().contains("error PG000"), r::toString);
    assertTrue(r.out().contains("error PG001"), r::toString);
  }

  @Test
  void sarif_output_is_sarif_2_1_0_with_the_rules_results_and_source_locations() throws Exception {
    unsafeIndex(1, "");
    migration(
        2,
        "DropStatus",
        "@AllowUnsafe(rule = \"PG010\", reason = \"unused since 4.2\")",
        "alter table orders drop column status");

    CliRunner.Result r =
        cli.in(tmp).run("lint", "--offline", "--format", "sarif").assertExit(UNSAFE);

    Object sarif = MiniJson.parse(r.out());
    assertEquals("2.1.0", MiniJson.at(sarif, "version"));
    Object run = MiniJson.at(sarif, "runs", 0);
    assertEquals("dbmigrate", MiniJson.at(run, "tool", "driver", "name"));
    List<?> rules = (List<?>) MiniJson.at(run, "tool", "driver", "rules");
    assertTrue(
        rules.stream().anyMatch(rule -> "PG001".equals(((Map<?, ?>) rule).get("id"))),
        rules::toString);
    Object first = MiniJson.at(run, "results", 0);
    assertEquals("PG001", MiniJson.at(first, "ruleId"));
    assertEquals("error", MiniJson.at(first, "level"));
    assertTrue(
        ((String) MiniJson.at(first, "message", "text")).contains("create index orders_status"));
    assertEquals(
        "migrations/db/migration/M" + ts(1) + "_IndexOrders.java",
        MiniJson.at(first, "locations", 0, "physicalLocation", "artifactLocation", "uri"));
    assertEquals(
        11L, MiniJson.at(first, "locations", 0, "physicalLocation", "region", "startLine"));
    Object silenced = MiniJson.at(run, "results", 1);
    assertEquals("PG010", MiniJson.at(silenced, "ruleId"));
    assertEquals("unused since 4.2", MiniJson.at(silenced, "suppressions", 0, "justification"));
  }

  @Test
  void json_output_has_each_finding_as_data() throws Exception {
    migration(1, "JsonColumn", "", "alter table orders add column doc json");
    Object json = MiniJson.parse(cli.run("lint", "--json").assertExit(ExitCodes.OK).out());
    assertEquals(true, MiniJson.at(json, "success"));
    assertEquals(1L, MiniJson.at(json, "warnings"));
    assertEquals("PG014", MiniJson.at(json, "findings", 0, "rule"));
    assertEquals("warning", MiniJson.at(json, "findings", 0, "severity"));
    assertEquals("Use jsonb.", MiniJson.at(json, "findings", 0, "safePattern"));
  }

  @Test
  void latest_lint_refuses_an_unsafe_pending_migration_and_applies_nothing() throws Exception {
    migration(1, "AddNote", "", "alter table orders add column note text");
    unsafeIndex(2, "");

    CliRunner.Result r = cli.run("latest", "--lint").assertExit(UNSAFE).assertNoStackTrace();

    assertTrue(
        r.err()
            .startsWith(
                "dbmigrate: error: a migration breaks a lock-safety rule: "
                    + name(2, "IndexOrders")
                    + ": PG001"),
        r::toString);
    assertTrue(r.err().contains("@AllowUnsafe(rule = \"PG001\""), r::toString);
    assertTrue(r.out().contains("safe:      CREATE INDEX CONCURRENTLY"), r::toString);
    assertFalse(state.historyExists(), "nothing ran, not even the history table");
    assertEquals(
        List.of(),
        state.column(
            "select column_name from information_schema.columns"
                + " where table_name = 'orders' and column_name = 'note'"));
  }

  @Test
  void latest_lint_applies_when_the_finding_is_silenced() throws Exception {
    unsafeIndex(
        1, "@AllowUnsafe(rule = \"PG001\", reason = \"orders is empty until the app ships\")");
    cli.run("latest", "--lint").assertExit(ExitCodes.OK);
    assertEquals(List.of(name(1, "IndexOrders")), state.history());
  }

  @Test
  void since_lints_only_the_migrations_added_after_the_ref_as_one_pending_set() throws Exception {
    git("init", "-q", "-b", "main");
    git("config", "user.email", "dev@example.com");
    git("config", "user.name", "Dev");
    unsafeIndex(1, "");
    git("add", "-A");
    git("commit", "-q", "-m", "first");
    git("checkout", "-q", "-b", "feature");
    // Added on the branch: a committed migration that creates a table, and an untracked one that
    // indexes it; the new table makes the index safe, the old unsafe index is not judged again.
    migration(2, "CreateCarts", "", "create table carts (id bigint primary key, owner text)");
    git("add", "-A");
    git("commit", "-q", "-m", "second");
    migration(3, "IndexCarts", "", "create index carts_owner on carts (owner)");

    CliRunner.Result r = cli.run("lint", "--since", "main").assertExit(ExitCodes.OK);

    assertFalse(r.out().contains(name(1, "IndexOrders")), r::toString);
    assertTrue(r.out().contains("Lint: 2 migrations, 2 statements checked"), r::toString);
    assertTrue(r.out().contains("no findings"), r::toString);
    CliRunner.Result all = cli.run("lint", "--all").assertExit(UNSAFE);
    assertTrue(all.out().contains("PG001"), all::toString);
  }

  @Test
  void since_with_nothing_added_says_so_and_a_ref_git_does_not_know_is_exit_3() throws Exception {
    git("init", "-q", "-b", "main");
    git("config", "user.email", "dev@example.com");
    git("config", "user.name", "Dev");
    unsafeIndex(1, "");
    git("add", "-A");
    git("commit", "-q", "-m", "first");

    CliRunner.Result none = cli.run("lint", "--since", "main").assertExit(ExitCodes.OK);
    assertTrue(none.out().contains("no migration was added since main"), none::toString);

    CliRunner.Result bad =
        cli.run("lint", "--since", "no-such-branch")
            .assertExit(ExitCodes.of(ErrorCode.CONFIGURATION))
            .assertNoStackTrace();
    assertTrue(bad.err().contains("--since no-such-branch"), bad::toString);
  }

  @Test
  void verbose_lists_the_statements_lint_could_not_classify() {
    migration(
        1,
        "Backfill",
        "",
        "do $$ begin execute format('update %I set status = %L', 'orders', 'new'); end $$;"
            + " select 1");

    CliRunner.Result quiet = cli.run("lint", "--offline").assertExit(ExitCodes.OK);
    assertTrue(
        quiet.out().contains("2 statements checked for PostgreSQL 18 (1 not recognised"),
        quiet::toString);
    assertFalse(quiet.out().contains("not checked: do $$"), quiet::toString);

    CliRunner.Result verbose = cli.run("lint", "--offline", "--verbose").assertExit(ExitCodes.OK);
    assertTrue(
        verbose.out().contains("not checked: do $$ begin execute format("), verbose::toString);
  }

  @Test
  void pg_version_changes_the_verdicts_that_depend_on_it() {
    migration(1, "Reindex", "", "reindex index orders_pkey");

    assertTrue(cli.run("lint", "--offline").assertExit(UNSAFE).out().contains("PG028"));
    CliRunner.Result old =
        cli.run("lint", "--offline", "--pg-version", "11").assertExit(ExitCodes.OK);
    assertTrue(old.out().contains("checked for PostgreSQL 11; no findings"), old::toString);
    cli.run("lint", "--offline", "--pg-version", "9")
        .assertExit(ExitCodes.of(ErrorCode.CONFIGURATION))
        .assertNoStackTrace();
  }

  private void git(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("git", "-C", tmp.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), () -> "git " + String.join(" ", args) + ": " + out);
  }
}
