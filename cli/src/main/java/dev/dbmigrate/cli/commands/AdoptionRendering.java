package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.ExitCodes;
import dev.dbmigrate.cli.Json;
import dev.dbmigrate.engine.AdoptionResult;
import dev.dbmigrate.engine.AppliedMigration;
import dev.dbmigrate.engine.SourceChecksum;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** Renders what adopt knex, adopt flyway and baseline wrote, or would write. */
final class AdoptionRendering {

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private AdoptionRendering() {}

  static int print(String command, AdoptionResult result, boolean json, PrintWriter out) {
    if (json) {
      out.println(Json.write(json(command, result)));
    } else {
      text(result, out);
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static Map<String, Object> json(String command, AdoptionResult result) {
    Map<String, Object> reply = Json.object();
    reply.put("command", command);
    reply.put("success", true);
    reply.put("dryRun", result.dryRun());
    reply.put("from", result.from());
    reply.put("sourceTable", result.sourceTable());
    reply.put("alreadyDone", result.alreadyDone());
    List<Object> rows = Json.array();
    for (AppliedMigration r : result.rows()) {
      Map<String, Object> m = Json.object();
      m.put("name", r.name());
      m.put("batch", r.batch());
      m.put("appliedAt", r.appliedAt() == null ? null : r.appliedAt().toString());
      m.put("status", r.status().dbValue());
      m.put("checksum", r.checksum());
      m.put("appliedBy", r.appliedBy());
      rows.add(m);
    }
    reply.put("rows", rows);
    reply.put("skipped", result.skipped());
    reply.put("leftPending", result.leftPending());
    reply.put("repeatable", result.repeatable());
    return reply;
  }

  private static void text(AdoptionResult result, PrintWriter out) {
    String source =
        result.sourceTable() == null ? "" : " from " + result.from() + " " + result.sourceTable();
    if (result.alreadyDone()) {
      out.println("Already adopted" + source + ": the history holds it; nothing written.");
      return;
    }
    int n = result.rows().size();
    String what = n + (n == 1 ? " history row" : " history rows");
    out.println(
        (result.dryRun() ? "Dry run: would write " : "Wrote ")
            + what
            + source
            + (result.dryRun() ? " (nothing written):" : ":"));
    for (AppliedMigration r : result.rows()) {
      out.printf(
          "  %-8s %5d  %-20s  %s  (checksum %s)%n",
          r.status().dbValue(),
          r.batch(),
          r.appliedAt() == null ? "now" : WHEN.format(r.appliedAt()),
          r.name(),
          r.checksum().startsWith("flyway:")
              ? r.checksum()
              : SourceChecksum.shortForm(r.checksum()));
    }
    list(out, "Left out, no migration here matches them:", result.skipped());
    list(
        out,
        "Still pending, older than what was adopted (latest needs --allow-out-of-order):",
        result.leftPending());
    list(out, "Repeatable migrations, reported and not adopted:", result.repeatable());
    if (!"flyway".equals(result.from())) {
      out.println("The checksums are those of the code now; from here on every run verifies them.");
    }
  }

  private static void list(PrintWriter out, String heading, List<String> names) {
    if (!names.isEmpty()) {
      out.println(heading);
      names.forEach(n -> out.println("  " + n));
    }
  }
}
