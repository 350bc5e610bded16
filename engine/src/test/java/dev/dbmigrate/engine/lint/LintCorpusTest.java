package dev.dbmigrate.engine.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigrationListener;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.MigratorConfig;
import dev.dbmigrate.engine.SqlFileMigrationSource;
import dev.dbmigrate.testing.LintCorpus;
import dev.dbmigrate.testing.PostgresDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of the lint corpus (bench/lint/corpus): dbmigrate reports exactly the rules the case
 * expects, and the case does on PostgreSQL what it claims: its SQL runs through dbmigrate on a
 * database with the corpus's tables and rows, or is refused with the error it names.
 */
class LintCorpusTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  static final Path CORPUS = LintCorpus.folder();

  @TempDir Path temp;

  static Stream<LintCorpus.Case> cases() {
    return LintCorpus.read(CORPUS).stream();
  }

  @Test
  void the_corpus_covers_every_rule_it_can() {
    Set<String> expected = new TreeSet<>();
    cases().forEach(c -> expected.addAll(c.expect()));
    Set<String> missing = new TreeSet<>();
    for (Rule r : Linter.rules()) {
      missing.add(r.id());
    }
    missing.removeAll(expected);
    // PG000 and PG019 need Java migrations, PG012 a configuration, PG032 --include: LintRulesTest.
    assertEquals(Set.of("PG000", "PG012", "PG019", "PG032"), missing);
    assertTrue(cases().count() >= 100, "the corpus has fewer than 100 cases");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void dbmigrate_reports_what_the_case_expects(LintCorpus.Case c) {
    assertEquals(c.reported(), ours(c, temp), c.name());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void the_case_runs_on_postgresql_or_is_refused_as_it_says(LintCorpus.Case c) throws Exception {
    db.execute(
        "drop schema public cascade; drop schema if exists reporting cascade;"
            + " drop schema if exists analytics cascade; drop type if exists order_status cascade;"
            + " create schema public");
    db.execute(LintCorpus.commonSetup(CORPUS));
    if (!c.setup().isBlank()) {
      db.execute(c.setup());
    }
    LintCorpus.write(c, temp);
    Exception failure = null;
    try {
      new Migrator(
              db.dataSource(),
              new SqlFileMigrationSource(List.of(temp)),
              MigratorConfig.defaults(),
              MigrationListener.NONE)
          .latest();
    } catch (MigrationException e) {
      failure = e;
    }
    String got = failure == null ? null : messages(failure);
    if (c.postgresRefuses() == null) {
      assertNull(failure, () -> c.name() + " failed on PostgreSQL: " + got);
    } else {
      assertNotNull(failure, c.name() + " ran, but the case says PostgreSQL refuses it");
      String why = c.postgresRefuses().replaceFirst("^refuses:\\s*", "");
      assertTrue(
          got.toLowerCase(Locale.ROOT).contains(why.toLowerCase(Locale.ROOT)),
          () -> c.name() + " failed otherwise: " + got);
    }
  }

  private static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append(" / ");
    }
    return all.toString();
  }

  /** dbmigrate's rule ids; a file refused for BEGIN or COMMIT counts as PG033. */
  static Set<String> ours(LintCorpus.Case c, Path dir) {
    LintCorpus.write(c, dir);
    try {
      Set<String> rules = new TreeSet<>();
      new Linter(MigratorConfig.defaults())
          .knowing(LintCorpus.commonSetup(CORPUS) + ";\n" + c.setup())
          .lint(new SqlFileMigrationSource(List.of(dir)).migrations())
          .findings()
          .forEach(f -> rules.add(f.rule()));
      return rules;
    } catch (MigrationException e) {
      if (e.code() == ErrorCode.INVALID_MIGRATIONS
          && e.getMessage().contains("ends or starts a transaction")) {
        return Set.of("PG033");
      }
      return fail(c.name() + ": " + e.getMessage());
    }
  }
}
