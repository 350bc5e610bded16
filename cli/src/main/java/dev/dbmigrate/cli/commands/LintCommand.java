package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.ExitCodes;
import dev.dbmigrate.cli.config.Settings;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.lint.LintResult;
import dev.dbmigrate.engine.lint.Linter;
import dev.dbmigrate.engine.settings.JdbcUrl;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "lint",
    mixinStandardHelpOptions = true,
    description = {
      "Check the SQL of pending migrations (or the named ones, or all) against PostgreSQL"
          + " lock-safety rules: each finding names the rule, the statement, why it is dangerous"
          + " and the safe pattern.",
      "Exits 16 when an error-severity finding is not silenced with @AllowUnsafe(rule, reason) on"
          + " the migration class; 0 with only warnings. Needs no database with --offline, --all"
          + " or migration names; otherwise it reads the history to know what is pending.",
    })
final class LintCommand extends DatabaseCommand {

  enum Format {
    TEXT,
    JSON,
    SARIF
  }

  @Parameters(
      arity = "0..*",
      paramLabel = "<migration>",
      description = "Lint these migrations (full name or description part), applied or not.")
  List<String> names = new ArrayList<>();

  @Option(names = "--all", description = "Lint every migration, applied or not; uses no database.")
  boolean all;

  @Option(
      names = "--offline",
      description = "Use no database: assume nothing is applied, so every migration is checked.")
  boolean offline;

  @Option(
      names = "--format",
      paramLabel = "<format>",
      description = "text (default), json (like --json) or sarif (SARIF 2.1.0, for code scanning).")
  Format format;

  @Override
  boolean needsDatabase() {
    return !offline && !all && names.isEmpty();
  }

  @Override
  int execute(Migrator migrator, Settings settings) {
    Linter linter = new Linter(engine);
    LintResult result;
    if (!names.isEmpty()) {
      result = linter.lintNamed(source, names);
    } else if (needsDatabase()) {
      result = migrator.lintPending();
    } else {
      result = linter.lintAll(source);
    }
    if (!JdbcUrl.POSTGRESQL.equals(settings.connection().scheme())) {
      // The rules know PostgreSQL's locks only; say so where a MySQL user would read the result.
      spec.commandLine()
          .getErr()
          .println(
              "dbmigrate: note: the target is "
                  + settings.connection().scheme()
                  + ", but lint's lock-safety rules are PostgreSQL's: its findings say what"
                  + " PostgreSQL would lock, not what MySQL or MariaDB would");
    }
    SourceLocator locator = SourceLocator.of(this, settings);
    Format chosen = format != null ? format : json() ? Format.JSON : Format.TEXT;
    switch (chosen) {
      case SARIF -> {
        out()
            .println(
                Sarif.write(result, locator, getClass().getPackage().getImplementationVersion()));
        out().flush();
      }
      case JSON -> new LintRendering(locator).json(result, out());
      default -> new LintRendering(locator).text(result, out());
    }
    return result.hasBlocking() ? ExitCodes.of(ErrorCode.UNSAFE_MIGRATION) : ExitCodes.OK;
  }

  @Override
  boolean createsDefaultDatabase() {
    return false;
  }
}
