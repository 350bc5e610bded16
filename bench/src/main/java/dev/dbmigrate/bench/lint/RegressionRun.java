package dev.dbmigrate.bench.lint;

import dev.dbmigrate.engine.MigratorConfig;
import dev.dbmigrate.engine.lint.LintedMigration;
import dev.dbmigrate.engine.lint.Linter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Lints every .sql file of a folder (PostgreSQL's own regression suite, src/test/regress/sql) as
 * SQL text, and counts what no migration corpus reaches: statements of every kind PostgreSQL has,
 * psql meta-commands, broken SQL on purpose. The figure that matters is the crashes: zero.
 *
 * <p>Usage: {@code RegressionRun <folder>}
 */
public final class RegressionRun {

  private RegressionRun() {}

  public static void main(String[] args) throws IOException {
    Path folder = Path.of(args[0]);
    Linter linter = new Linter(MigratorConfig.defaults());
    int files = 0;
    long statements = 0;
    long unrecognised = 0;
    long findings = 0;
    int crashes = 0;
    Map<String, Integer> byRule = new TreeMap<>();
    List<Path> sql;
    try (Stream<Path> walk = Files.walk(folder)) {
      sql = walk.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
    }
    for (Path f : sql) {
      files++;
      String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
      try {
        LintedMigration m = linter.lintText(f.getFileName().toString(), text, true);
        statements += m.statements();
        unrecognised += m.unrecognised().size();
        findings += m.findings().size();
        m.findings().forEach(x -> byRule.merge(x.rule(), 1, Integer::sum));
      } catch (RuntimeException | StackOverflowError e) {
        crashes++;
        System.out.println("CRASH " + f + ": " + e);
      }
    }
    System.out.println(
        files
            + " files, "
            + statements
            + " statements, "
            + unrecognised
            + " not recognised, "
            + findings
            + " findings, "
            + crashes
            + " crashes");
    System.out.println("findings by rule: " + byRule);
    if (crashes > 0) {
      System.exit(1);
    }
  }
}
