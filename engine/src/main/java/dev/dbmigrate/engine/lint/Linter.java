package dev.dbmigrate.engine.lint;

import dev.dbmigrate.engine.AvailableMigration;
import dev.dbmigrate.engine.Direction;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.Migration;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigrationSource;
import dev.dbmigrate.engine.MigratorConfig;
import dev.dbmigrate.engine.SqlMigration;
import dev.dbmigrate.engine.internal.Plan;
import dev.dbmigrate.engine.internal.StatementCapture;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Checks migrations against PostgreSQL lock-safety rules without a database. Each migration's up
 * runs against the dry run's recording connection, and the rules read the SQL it sent, so a
 * statement written with jOOQ's DSL and the same one written as plain SQL get the same findings.
 * {@code Migrator.lintPending()} lints what a run would apply.
 *
 * <p>Migrations linted together are one pending set: a table an earlier one creates is new to the
 * later ones. {@link #lintEach} judges each migration on its own, for histories that already ran.
 */
public final class Linter {

  private final MigratorConfig config;
  private final LintOptions options;
  private final int version;
  private final String ran;

  public Linter(MigratorConfig config) {
    this(config, LintOptions.defaults(), 0);
  }

  /**
   * @param serverVersion the connected server's major version, or 0 without a database; used when
   *     the options name none
   */
  public Linter(MigratorConfig config, LintOptions options, int serverVersion) {
    this(config, options, options.versionFor(serverVersion), "");
  }

  private Linter(MigratorConfig config, LintOptions options, int version, String ran) {
    this.config = config;
    this.options = options;
    this.version = version;
    this.ran = ran;
  }

  /**
   * This linter, knowing that {@code sql} already ran on the database: a schema dump, or the SQL of
   * the migrations already applied. It is read, not linted, for the columns it defines, so that a
   * later ALTER COLUMN ... TYPE is judged against the column's old type (varchar(100) to
   * varchar(200) rewrites nothing); the tables it creates are not new.
   */
  public Linter knowing(String sql) {
    return new Linter(config, options, version, ran.isEmpty() ? sql : ran + ";\n" + sql);
  }

  /**
   * This linter, knowing that the ups of {@code ran} already ran on the database (the applied
   * migrations, or the ones before a pull request's): their statements, captured as lint captures
   * any migration's, are read for column types as {@link #knowing(String)} reads SQL. A migration
   * whose up cannot be captured adds nothing.
   */
  public Linter knowingUpOf(List<AvailableMigration> ran) {
    List<String> sent = new ArrayList<>();
    for (AvailableMigration m : sorted(ran)) {
      StatementCapture.Captured captured = StatementCapture.run(m.load(), Direction.UP);
      if (captured.failure() == null) {
        sent.addAll(captured.statements());
      }
    }
    return sent.isEmpty() ? this : knowing(String.join(";\n", sent));
  }

  /** What the SQL known to have run defined: nothing is new in it. */
  private SchemaState history() {
    SchemaState schema = new SchemaState();
    for (Clause s : Clause.statements(ran)) {
      schema.learnColumns(s);
    }
    return schema;
  }

  /** Every rule, in id order. */
  public static List<Rule> rules() {
    return Rules.ALL;
  }

  public static Optional<Rule> rule(String id) {
    return Rules.byId(id);
  }

  /** The PostgreSQL major version the verdicts are for. */
  public int targetVersion() {
    return version;
  }

  /** Lints the up of each migration given, in name order, as one pending set. */
  public LintResult lint(List<AvailableMigration> migrations) {
    SchemaState schema = history();
    return new LintResult(sorted(migrations).stream().map(m -> lint(m, schema)).toList(), version);
  }

  /**
   * Lints each migration on its own, as if every earlier one had run long ago: what an earlier one
   * created is not new, but the column types it gave are known.
   */
  public LintResult lintEach(List<AvailableMigration> migrations) {
    List<LintedMigration> linted = new ArrayList<>();
    SchemaState schema = history();
    for (AvailableMigration m : sorted(migrations)) {
      schema = schema.settled();
      linted.add(lint(m, schema));
    }
    return new LintResult(List.copyOf(linted), version);
  }

  /**
   * Lints every migration of {@code source} as one pending set, as a run on an empty database would
   * apply them ({@code --offline}).
   */
  public LintResult lintAll(MigrationSource source) {
    List<AvailableMigration> code = source.migrations();
    Plan.validateCode(code);
    return lint(code);
  }

  /** Lints every migration of {@code source}, applied or not, each on its own ({@code --all}). */
  public LintResult lintEach(MigrationSource source) {
    List<AvailableMigration> code = source.migrations();
    Plan.validateCode(code);
    return lintEach(code);
  }

  /** Lints the migrations named, each by its full name or its description, as one pending set. */
  public LintResult lintNamed(MigrationSource source, List<String> names) {
    List<AvailableMigration> code = source.migrations();
    Plan.validateCode(code);
    List<AvailableMigration> chosen = new ArrayList<>();
    for (String name : names) {
      chosen.add(
          code.stream()
              .filter(
                  m -> m.name().toString().equals(name) || m.name().toString().endsWith("_" + name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new MigrationException(
                          ErrorCode.NOT_FOUND,
                          name,
                          "no migration is named " + name + "; 'dbmigrate list' shows the names",
                          null)));
    }
    return lint(chosen.stream().distinct().toList());
  }

  /**
   * Lints SQL text as one migration without running anything: for SQL that is not a migration of
   * this project (a script, a test suite). It never refuses the text: psql meta-commands and
   * transaction control are read as statements like any other.
   */
  public LintedMigration lintText(String name, String sql, boolean transactional) {
    Pass pass = new Pass(name, transactional, Suppressions.none(), history());
    pass.statements(Clause.statements(sql), 0);
    return pass.result(name, null);
  }

  private static List<AvailableMigration> sorted(List<AvailableMigration> migrations) {
    List<AvailableMigration> sorted = new ArrayList<>(migrations);
    sorted.sort(Comparator.comparing(m -> m.name().toString()));
    return sorted;
  }

  private LintedMigration lint(AvailableMigration code, SchemaState schema) {
    String name = code.name().toString();
    Migration migration = code.load();
    StatementCapture.Captured captured = StatementCapture.run(migration, Direction.UP);
    Suppressions allowed = Suppressions.of(migration.getClass());
    Pass pass = new Pass(name, migration.transactional(), allowed, schema);
    pass.findings.addAll(allowed.problems(name));
    // A SQL file sends one statement per line it starts on; Java code has no such lines.
    List<Integer> lines = migration instanceof SqlMigration sql ? sql.upLines() : List.of();
    List<String> sent = captured.statements();
    for (int i = 0; i < sent.size(); i++) {
      pass.statements(Clause.statements(sent.get(i)), i < lines.size() ? lines.get(i) : 0);
    }
    if (captured.templated() > 0) {
      pass.add(
          Rules.PLAIN_SQL_TEMPLATE, captured.templated() + " call(s) of db.execute(String)", 0);
    }
    return pass.result(code.origin(), captured.failure());
  }

  /** One migration's statements through every rule, in order. */
  private final class Pass {
    final String name;
    final Suppressions allowed;
    final MigrationScope scope;
    final List<Finding> findings = new ArrayList<>();
    final List<LintedMigration.Unrecognised> unrecognised = new ArrayList<>();
    final List<Clause> backfills = new ArrayList<>();
    final List<Integer> backfillLines = new ArrayList<>();
    boolean ddlOnExisting;
    int count;

    Pass(String name, boolean transactional, Suppressions allowed, SchemaState schema) {
      this.name = name;
      this.allowed = allowed;
      this.scope =
          new MigrationScope(
              transactional, config.lockTimeout().isZero(), version, options.included(), schema);
    }

    void statements(List<Clause> statements, int line) {
      for (Clause statement : statements) {
        count++;
        Optional<DoBlock.Body> block = DoBlock.read(statement);
        boolean read = block.map(b -> !b.dynamic()).orElse(StatementKinds.recognised(statement));
        if (!read) {
          unrecognised.add(new LintedMigration.Unrecognised(statement.text(), line));
        }
        check(statement, line);
        if (block.isPresent()) {
          // A DO block runs its body as one statement, inside a transaction even when the
          // migration has none. So PG034 does not judge the body: a rerun repeats the block
          // whole, and blocks are how migrations guard DDL with IF NOT EXISTS (SELECT ...).
          scope.insideBlock(true);
          block.get().statements().forEach(inner -> check(inner, line));
          scope.insideBlock(false);
        }
      }
    }

    private void check(Clause statement, int line) {
      for (Check check : Rules.CHECKS) {
        if ((!check.rule().optional() || scope.includes(check.rule().id()))
            && check.test().breaks(statement, scope)) {
          add(check.rule(), statement.text(), line);
        }
      }
      notice(statement, line);
      scope.after(statement);
    }

    /** What PG037 needs: whole-table updates, and DDL on tables that already exist. */
    private void notice(Clause s, int line) {
      if (s.startsWith("update") && s.find(1, "where") < 0) {
        int at = s.skip(1, "only");
        if (scope.existing(s.nameAt(at))) {
          backfills.add(s);
          backfillLines.add(line);
        }
      }
      ddlOnExisting |=
          Ddl.alterTable(s).filter(t -> scope.existing(t.table())).isPresent()
              || Ddl.createIndex(s).filter(i -> scope.existing(i.table())).isPresent();
    }

    void add(Rule r, String statement, int line) {
      findings.add(
          new Finding(
              r.id(),
              r.severity(),
              r.title(),
              name,
              statement,
              r.why(),
              r.safePattern(),
              allowed.reason(r.id()),
              line));
    }

    LintedMigration result(String origin, String stoppedBy) {
      if (scope.transactional() && ddlOnExisting) {
        for (int i = 0; i < backfills.size(); i++) {
          add(Rules.BACKFILL_WITH_DDL, backfills.get(i).text(), backfillLines.get(i));
        }
      }
      return new LintedMigration(
          name, origin, stoppedBy, List.copyOf(findings), count, List.copyOf(unrecognised));
    }
  }
}
