package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.Json;
import dev.dbmigrate.engine.lint.Finding;
import dev.dbmigrate.engine.lint.LintResult;
import dev.dbmigrate.engine.lint.LintedMigration;
import dev.dbmigrate.engine.lint.Linter;
import dev.dbmigrate.engine.lint.Rule;
import dev.dbmigrate.engine.lint.Severity;
import java.util.List;
import java.util.Map;

/**
 * Lint findings as SARIF 2.1.0, the format code-scanning services read (GitHub code scanning,
 * GitLab, Azure DevOps): every rule under tool.driver.rules, one result per finding, located at the
 * migration's source file; silenced findings carry their reason as an in-source suppression.
 */
final class Sarif {

  private Sarif() {}

  static String write(LintResult result, SourceLocator locator, String version) {
    List<Rule> rules = Linter.rules();
    Map<String, Object> driver = Json.object();
    driver.put("name", "dbmigrate");
    if (version != null) {
      driver.put("semanticVersion", version);
    }
    List<Object> ruleList = Json.array();
    for (Rule r : rules) {
      Map<String, Object> rule = Json.object();
      rule.put("id", r.id());
      rule.put("name", r.title());
      rule.put("shortDescription", text(r.title()));
      rule.put("fullDescription", text(r.why()));
      rule.put("help", text("Safe pattern: " + r.safePattern()));
      Map<String, Object> config = Json.object();
      config.put("level", level(r.severity()));
      rule.put("defaultConfiguration", config);
      ruleList.add(rule);
    }
    driver.put("rules", ruleList);
    Map<String, Object> tool = Json.object();
    tool.put("driver", driver);

    List<Object> results = Json.array();
    for (LintedMigration m : result.migrations()) {
      for (Finding f : m.findings()) {
        Map<String, Object> r = Json.object();
        r.put("ruleId", f.rule());
        r.put("ruleIndex", indexOf(rules, f.rule()));
        r.put("level", level(f.severity()));
        r.put(
            "message",
            text(
                f.title()
                    + " in migration "
                    + f.migration()
                    + ": "
                    + f.statement().strip()
                    + ". "
                    + f.message()
                    + " Safe pattern: "
                    + f.safePattern()));
        List<Object> locations = Json.array();
        locator.locate(m.origin(), f.line()).ifPresent(l -> locations.add(location(l)));
        r.put("locations", locations);
        if (f.suppressed()) {
          Map<String, Object> suppression = Json.object();
          suppression.put("kind", "inSource");
          suppression.put("justification", f.suppressedReason());
          r.put("suppressions", List.of(suppression));
        }
        results.add(r);
      }
    }
    Map<String, Object> run = Json.object();
    run.put("tool", tool);
    run.put("results", results);
    Map<String, Object> log = Json.object();
    log.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    log.put("version", "2.1.0");
    log.put("runs", List.of(run));
    return Json.write(log);
  }

  private static Map<String, Object> location(SourceLocator.Location where) {
    Map<String, Object> artifact = Json.object();
    artifact.put("uri", where.path());
    Map<String, Object> region = Json.object();
    region.put("startLine", where.line());
    Map<String, Object> physical = Json.object();
    physical.put("artifactLocation", artifact);
    physical.put("region", region);
    Map<String, Object> location = Json.object();
    location.put("physicalLocation", physical);
    return location;
  }

  private static Map<String, Object> text(String text) {
    Map<String, Object> m = Json.object();
    m.put("text", text);
    return m;
  }

  private static String level(Severity severity) {
    return severity == Severity.ERROR ? "error" : "warning";
  }

  private static int indexOf(List<Rule> rules, String id) {
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }
}
