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
 */
public final class Linter {

  private final MigratorConfig config;

  public Linter(MigratorConfig config) {
    this.config = config;
  }

  /** Every rule, in id order. */
  public static List<Rule> rules() {
    return Rules.ALL;
  }

  public static Optional<Rule> rule(String id) {
    return Rules.byId(id);
  }

  /** Lints the up of each migration given, in name order. */
  public LintResult lint(List<AvailableMigration> migrations) {
    List<AvailableMigration> sorted = new ArrayList<>(migrations);
    sorted.sort(Comparator.comparing(m -> m.name().toString()));
    return new LintResult(sorted.stream().map(this::lint).toList());
  }

  /** Lints every migration of {@code source}, applied or not. */
  public LintResult lintAll(MigrationSource source) {
    List<AvailableMigration> code = source.migrations();
    Plan.validateCode(code);
    return lint(code);
  }

  /** Lints the migrations named, each by its full name or its description. */
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

  private LintedMigration lint(AvailableMigration code) {
    String name = code.name().toString();
    Migration migration = code.load();
    StatementCapture.Captured captured = StatementCapture.run(migration, Direction.UP);
    MigrationScope scope =
        new MigrationScope(migration.transactional(), config.lockTimeout().isZero());
    Suppressions allowed = Suppressions.of(migration.getClass());
    List<Finding> findings = new ArrayList<>(allowed.problems(name));
    // A SQL file sends one statement per line it starts on; Java code has no such lines.
    List<Integer> lines = migration instanceof SqlMigration sql ? sql.upLines() : List.of();
    List<String> sent = captured.statements();
    for (int i = 0; i < sent.size(); i++) {
      int line = i < lines.size() ? lines.get(i) : 0;
      for (Clause statement : Clause.statements(sent.get(i))) {
        for (Check check : Rules.CHECKS) {
          if (check.test().breaks(statement, scope)) {
            Rule r = check.rule();
            findings.add(
                new Finding(
                    r.id(),
                    r.severity(),
                    r.title(),
                    name,
                    statement.text(),
                    r.why(),
                    r.safePattern(),
                    allowed.reason(r.id()),
                    line));
          }
        }
        scope.after(statement);
      }
    }
    if (captured.templated() > 0) {
      Rule r = Rules.PLAIN_SQL_TEMPLATE;
      findings.add(
          new Finding(
              r.id(),
              r.severity(),
              r.title(),
              name,
              captured.templated() + " call(s) of db.execute(String)",
              r.why(),
              r.safePattern(),
              allowed.reason(r.id())));
    }
    return new LintedMigration(name, code.origin(), captured.failure(), List.copyOf(findings));
  }
}
