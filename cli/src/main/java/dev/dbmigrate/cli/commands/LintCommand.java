package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.ExitCodes;
import dev.dbmigrate.cli.config.Settings;
import dev.dbmigrate.cli.fleet.FleetOperation;
import dev.dbmigrate.cli.fleet.FleetOptions;
import dev.dbmigrate.cli.fleet.TargetOutcome;
import dev.dbmigrate.cli.fleet.TargetOutcomes;
import dev.dbmigrate.engine.AvailableMigration;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.lint.LintOptions;
import dev.dbmigrate.engine.lint.LintResult;
import dev.dbmigrate.engine.lint.Linter;
import dev.dbmigrate.engine.settings.JdbcUrl;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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
      "Migrations linted together are one pending set: a table an earlier one creates is new to"
          + " the later ones. The summary counts the statements checked and those the linter could"
          + " not classify; --verbose lists them.",
      "With --fleet <file> or --fleet-envs <pattern>, on every target of a fleet: what is pending"
          + " there, for its server's version; one line per target (clean, findings or failed)"
          + " and a summary; the exit code is the worst target's."
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

  @Option(
      names = "--all",
      description =
          "Lint every migration, applied or not, each on its own (its history already ran); uses"
              + " no database.")
  boolean all;

  @Option(
      names = "--since",
      paramLabel = "<git-ref>",
      description =
          "Lint only the migrations added since this git ref (committed or not, and untracked"
              + " files), as one pending set: a pull request's new migrations. Uses no database.")
  String since;

  @Option(
      names = "--pg-version",
      paramLabel = "<major>",
      description =
          "The PostgreSQL major version the verdicts are for (11 to 18); default: the connected"
              + " PostgreSQL server's, or 18 without a database or on MySQL or MariaDB.")
  int pgVersion;

  @Option(
      names = "--include",
      split = ",",
      paramLabel = "<rule>",
      description = "Check these optional rules too, e.g. PG032 (tables named without a schema).")
  List<String> include = new ArrayList<>();

  @Option(
      names = "--offline",
      description = "Use no database: assume nothing is applied, so every migration is checked.")
  boolean offline;

  @Option(
      names = "--format",
      paramLabel = "<format>",
      description = "text (default), json (like --json) or sarif (SARIF 2.1.0, for code scanning).")
  Format format;

  @Mixin FleetOptions fleet;

  @Override
  FleetOptions fleet() {
    return fleet;
  }

  @Override
  boolean needsDatabase() {
    return !offline && !all && since == null && names.isEmpty();
  }

  @Override
  String fleetNeedsDatabase() {
    String option =
        offline ? "--offline" : all ? "--all" : since != null ? "--since" : "the migration names";
    return "lint with a fleet lints what is pending on each target, so it reads each target's"
        + " history: drop "
        + option
        + " (without a fleet, lint "
        + option
        + " needs no database)";
  }

  /** {@code --format json} is {@code --json}, for the fleet's summary too. */
  @Override
  boolean json() {
    return super.json() || format == Format.JSON;
  }

  /**
   * The rules are PostgreSQL's: on another engine the server's version says nothing about them, so
   * without --pg-version they judge for the newest PostgreSQL, as without a database.
   */
  private LintOptions options(Settings settings) {
    LintOptions options = new LintOptions(pgVersion, new LinkedHashSet<>(include));
    return pgVersion == 0 && !postgres(settings)
        ? options.withTargetVersion(LintOptions.NEWEST)
        : options;
  }

  private static boolean postgres(Settings settings) {
    return JdbcUrl.POSTGRESQL.equals(settings.connection().scheme());
  }

  /**
   * On each target of a fleet: what is pending there, linted for that server's version (or
   * --pg-version's), as lint without a fleet does on that target; a target of another engine is
   * told that the rules are PostgreSQL's.
   */
  @Override
  FleetOperation fleetOperation() {
    if (format == Format.SARIF) {
      throw new ParameterException(
          spec.commandLine(),
          "--format sarif is one lint's report; with a fleet use --json for every target's"
              + " findings, or lint the migrations once with --offline --format sarif");
    }
    return (migrator, database, settings) -> {
      LintResult result = migrator.lintPending(options(settings));
      Map<String, Object> json = new LintRendering(SourceLocator.of(this, settings)).reply(result);
      TargetOutcome outcome = TargetOutcomes.lint(result, json);
      if (postgres(settings)) {
        return outcome;
      }
      return new TargetOutcome(
          outcome.outcome(),
          outcome.detail()
              + " (the rules are PostgreSQL's; this target is "
              + settings.connection().scheme()
              + ")",
          outcome.problem(),
          outcome.json());
    };
  }

  @Override
  int execute(Migrator migrator, Settings settings) {
    LintOptions options = options(settings);
    Linter linter = new Linter(engine, options, 0);
    LintResult result;
    if (since != null) {
      Set<String> added = AddedMigrations.since(since, files.sourceRoot());
      List<AvailableMigration> code =
          source.migrations().stream().filter(m -> added.contains(m.name().toString())).toList();
      if (code.isEmpty()) {
        out().println("Nothing to lint: no migration was added since " + since + ".");
        out().flush();
        return ExitCodes.OK;
      }
      List<AvailableMigration> before =
          source.migrations().stream().filter(m -> !added.contains(m.name().toString())).toList();
      result = linter.knowingUpOf(before).lint(code);
    } else if (!names.isEmpty()) {
      result = linter.lintNamed(source, names);
    } else if (needsDatabase()) {
      result = migrator.lintPending(options);
    } else if (all) {
      result = linter.lintEach(source);
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
      default -> new LintRendering(locator).text(result, output.verbose(), out());
    }
    return result.hasBlocking() ? ExitCodes.of(ErrorCode.UNSAFE_MIGRATION) : ExitCodes.OK;
  }

  @Override
  boolean createsDefaultDatabase() {
    return false;
  }
}
