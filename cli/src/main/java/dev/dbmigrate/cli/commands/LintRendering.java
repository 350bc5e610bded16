package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.Json;
import dev.dbmigrate.engine.lint.Finding;
import dev.dbmigrate.engine.lint.LintResult;
import dev.dbmigrate.engine.lint.LintedMigration;
import dev.dbmigrate.engine.lint.Severity;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Renders lint findings as text for a person, or as JSON. SARIF is {@link Sarif}'s. */
final class LintRendering {

  private final SourceLocator locator;

  LintRendering(SourceLocator locator) {
    this.locator = locator;
  }

  void text(LintResult result, PrintWriter out) {
    text(result, false, out);
  }

  void text(LintResult result, boolean verbose, PrintWriter out) {
    for (LintedMigration m : result.migrations()) {
      boolean listsUnrecognised = verbose && !m.unrecognised().isEmpty();
      if (m.findings().isEmpty() && m.stoppedBy() == null && !listsUnrecognised) {
        continue;
      }
      out.println(m.name() + locator.locate(m.origin()).map(l -> "  " + l).orElse(""));
      if (m.stoppedBy() != null) {
        out.println(
            "  note: its up stopped when run without a database ("
                + m.stoppedBy()
                + "); only the statements before that were checked");
      }
      for (Finding f : m.findings()) {
        String level = f.severity().name().toLowerCase(Locale.ROOT);
        if (f.suppressed()) {
          out.println(
              "  "
                  + level
                  + " "
                  + f.rule()
                  + " "
                  + f.title()
                  + " (silenced: "
                  + f.suppressedReason()
                  + ")");
          out.println("    statement: " + oneLine(f.statement()));
        } else {
          out.println("  " + level + " " + f.rule() + " " + f.title());
          out.println("    statement: " + oneLine(f.statement()) + at(m, f));
          out.println("    why:       " + f.message());
          out.println("    safe:      " + f.safePattern());
        }
      }
      if (listsUnrecognised) {
        for (LintedMigration.Unrecognised u : m.unrecognised()) {
          String where =
              u.line() == 0
                  ? ""
                  : locator.locate(m.origin(), u.line()).map(l -> "  (" + l + ")").orElse("");
          out.println("  not checked: " + oneLine(u.statement()) + where);
        }
      }
      out.println();
    }
    out.println(summary(result));
    if (result.hasBlocking()) {
      out.println(
          "Errors fail this check: rewrite the statements as shown, or when one is safe"
              + " here, silence its rule on the migration class with"
              + " @AllowUnsafe(rule = \"PG0..\", reason = \"why it is safe\").");
    }
    out.flush();
  }

  /** Where a SQL file's statement is, for the text output; Java findings have the class line. */
  private String at(LintedMigration m, Finding f) {
    return f.line() == 0
        ? ""
        : locator.locate(m.origin(), f.line()).map(l -> "  (" + l + ")").orElse("");
  }

  static String summary(LintResult result) {
    int n = result.migrations().size();
    if (n == 0) {
      return "Nothing to lint: no migration is pending.";
    }
    long unknown = result.unrecognised();
    String checked =
        "Lint: "
            + n
            + (n == 1 ? " migration, " : " migrations, ")
            + count(result.statements(), "statement")
            + " checked for PostgreSQL "
            + result.targetVersion()
            + (unknown == 0
                ? ""
                : " (" + unknown + " not recognised, so not checked; --verbose lists them)")
            + "; ";
    if (result.findings().isEmpty()) {
      return checked + "no findings.";
    }
    return checked
        + count(result.count(Severity.ERROR), "error")
        + ", "
        + count(result.count(Severity.WARNING), "warning")
        + ", "
        + result.suppressed()
        + " silenced.";
  }

  void json(LintResult result, PrintWriter out) {
    out.println(Json.write(reply(result)));
    out.flush();
  }

  /** The reply of {@code lint --json}. */
  Map<String, Object> reply(LintResult result) {
    Map<String, Object> reply = Json.object();
    reply.put("command", "lint");
    reply.put("success", !result.hasBlocking());
    reply.put("checked", result.migrations().stream().map(LintedMigration::name).toList());
    reply.put("targetVersion", result.targetVersion());
    reply.put("statements", result.statements());
    List<Object> unknown = Json.array();
    for (LintedMigration m : result.migrations()) {
      for (LintedMigration.Unrecognised u : m.unrecognised()) {
        Optional<SourceLocator.Location> where = locator.locate(m.origin(), u.line());
        Map<String, Object> o = Json.object();
        o.put("migration", m.name());
        o.put("file", where.map(SourceLocator.Location::path).orElse(null));
        o.put("line", u.line() == 0 ? null : where.map(SourceLocator.Location::line).orElse(null));
        o.put("statement", u.statement());
        unknown.add(o);
      }
    }
    reply.put("unrecognised", unknown);
    reply.put("errors", result.count(Severity.ERROR));
    reply.put("warnings", result.count(Severity.WARNING));
    reply.put("suppressed", result.suppressed());
    List<Object> findings = Json.array();
    List<Object> incomplete = Json.array();
    for (LintedMigration m : result.migrations()) {
      for (Finding f : m.findings()) {
        Optional<SourceLocator.Location> where = locator.locate(m.origin(), f.line());
        Map<String, Object> o = Json.object();
        o.put("rule", f.rule());
        o.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
        o.put("title", f.title());
        o.put("migration", f.migration());
        o.put("file", where.map(SourceLocator.Location::path).orElse(null));
        o.put("line", where.map(SourceLocator.Location::line).orElse(null));
        o.put("statement", f.statement());
        o.put("message", f.message());
        o.put("safePattern", f.safePattern());
        o.put("suppressed", f.suppressed());
        o.put("suppressedReason", f.suppressedReason());
        findings.add(o);
      }
      if (m.stoppedBy() != null) {
        Map<String, Object> o = Json.object();
        o.put("migration", m.name());
        o.put("stoppedBy", m.stoppedBy());
        incomplete.add(o);
      }
    }
    reply.put("findings", findings);
    reply.put("incomplete", incomplete);
    return reply;
  }

  private static String count(long n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }

  private static String oneLine(String sql) {
    return sql.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
