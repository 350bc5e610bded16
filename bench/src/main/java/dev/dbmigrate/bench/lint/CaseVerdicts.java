package dev.dbmigrate.bench.lint;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigratorConfig;
import dev.dbmigrate.engine.SqlFileMigrationSource;
import dev.dbmigrate.engine.lint.Finding;
import dev.dbmigrate.engine.lint.Linter;
import dev.dbmigrate.testing.LintCorpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What each linter says of one corpus case: the rule ids or names it reports. */
final class CaseVerdicts {

  private static final Pattern RULE_NAME =
      Pattern.compile("\"rule_name\"\\s*:\\s*\"([a-z0-9-]+)\"");

  private CaseVerdicts() {}

  /**
   * dbmigrate's rule ids for the case, its migrations linted as one pending set, knowing the SQL
   * that ran before them (the corpus's _setup.sql and the case's setup). A file that dbmigrate
   * refuses to read because it holds BEGIN or COMMIT counts as PG033: the refusal (exit 3, before
   * anything runs) is stronger than a finding.
   */
  static Set<String> ours(LintCorpus.Case c, Path corpus, Path dir) {
    LintCorpus.write(c, dir);
    try {
      List<Finding> findings =
          new Linter(MigratorConfig.defaults())
              .knowing(LintCorpus.commonSetup(corpus) + ";\n" + c.setup())
              .lint(new SqlFileMigrationSource(List.of(dir)).migrations())
              .findings();
      Set<String> rules = new TreeSet<>();
      findings.forEach(f -> rules.add(f.rule()));
      return rules;
    } catch (MigrationException e) {
      if (e.code() == ErrorCode.INVALID_MIGRATIONS
          && e.getMessage().contains("ends or starts a transaction")) {
        return Set.of("PG033");
      }
      throw e;
    }
  }

  /**
   * Squawk's rule names for the case: each migration file linted on its own (Squawk knows no
   * pending set), assuming a transaction unless the file opts out of one, as dbmigrate runs it.
   */
  static Set<String> squawk(LintCorpus.Case c, Path dir, Path squawk, String pgVersion)
      throws IOException, InterruptedException {
    Set<String> rules = new TreeSet<>();
    for (LintCorpus.Migration m : c.migrations()) {
      Path file = dir.resolve(m.name() + ".up.sql");
      List<String> command = new ArrayList<>();
      command.add(squawk.toString());
      command.add("--reporter=json");
      command.add("--pg-version=" + pgVersion);
      if (m.transactional()) {
        command.add("--assume-in-transaction");
      }
      command.add(file.toString());
      Path out = Files.createTempFile(dir, "squawk", ".json");
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("squawk did not finish in 60 s on " + file);
      }
      String json = Files.readString(out, StandardCharsets.UTF_8);
      if (p.exitValue() > 1 || !json.strip().startsWith("[")) {
        throw new IOException("squawk failed (" + p.exitValue() + ") on " + file + ": " + json);
      }
      Matcher matcher = RULE_NAME.matcher(json);
      while (matcher.find()) {
        rules.add(matcher.group(1));
      }
    }
    return rules;
  }
}
