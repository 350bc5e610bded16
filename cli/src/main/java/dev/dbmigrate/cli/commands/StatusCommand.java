package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.ExitCodes;
import dev.dbmigrate.cli.Json;
import dev.dbmigrate.cli.config.Settings;
import dev.dbmigrate.cli.fleet.FleetOperation;
import dev.dbmigrate.cli.fleet.FleetOptions;
import dev.dbmigrate.cli.fleet.TargetOutcomes;
import dev.dbmigrate.engine.AppliedMigration;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.HistoryStatus;
import dev.dbmigrate.engine.MigrationState;
import dev.dbmigrate.engine.MigrationStatus;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.SourceChecksum;
import dev.dbmigrate.engine.StatusResult;
import dev.dbmigrate.engine.json.ResultJson;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show every migration: applied (batch, when, how long), pending, changed since applied,"
          + " missing from the code, or failed.",
      "With --fail-on-pending it exits non-zero unless everything is applied and unchanged,"
          + " for a pipeline step that checks a deploy.",
      "With --fleet <file> or --fleet-envs <pattern>, one line per target and the targets that"
          + " are behind."
    })
final class StatusCommand extends DatabaseCommand {

  static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  @Option(
      names = "--fail-on-pending",
      description = "Exit 14 when migrations are pending (10 changed, 9 missing, 12 failed).")
  boolean failOnPending;

  @Mixin FleetOptions fleet;

  @Override
  FleetOptions fleet() {
    return fleet;
  }

  /** On each target of a fleet: is it behind, and with --fail-on-pending, does that fail it. */
  @Override
  FleetOperation fleetOperation() {
    return (migrator, database, settings) -> {
      StatusResult status = migrator.status();
      return TargetOutcomes.status(
          database.target(), status, failOnPending ? problem(status) : null);
    };
  }

  @Override
  int execute(Migrator migrator, Settings settings) {
    StatusResult status = migrator.status();
    if (json()) {
      printJson(status, out());
    } else {
      printText(status, out(), noMigrationsFound());
    }
    return failOnPending ? exitCode(status) : ExitCodes.OK;
  }

  /** The most serious problem decides the exit code. */
  static int exitCode(StatusResult status) {
    ErrorCode problem = problem(status);
    return problem == null ? ExitCodes.OK : ExitCodes.of(problem);
  }

  /** The most serious problem, or null when everything is applied and unchanged. */
  static ErrorCode problem(StatusResult status) {
    if (!status.inState(MigrationState.FAILED).isEmpty()
        || !status.inState(MigrationState.RUNNING).isEmpty()) {
      return ErrorCode.NEEDS_ATTENTION;
    }
    if (!status.inState(MigrationState.CHANGED).isEmpty()) {
      return ErrorCode.CHECKSUM_MISMATCH;
    }
    if (!status.inState(MigrationState.MISSING).isEmpty()) {
      return ErrorCode.INVALID_MIGRATIONS;
    }
    if (!status.pending().isEmpty()) {
      return ErrorCode.PENDING;
    }
    return null;
  }

  /**
   * One line per migration, built in one buffer and written at once. Not with {@code printf}: with
   * a thousand migrations, java.util.Formatter and DateTimeFormatter in a freshly started JVM made
   * status cost more than a no-op latest, and the command line's writer flushes every printf.
   */
  static void printText(StatusResult status, PrintWriter out, String noneFound) {
    List<MigrationStatus> all = status.migrations();
    if (all.isEmpty()) {
      out.println(noneFound);
      out.flush();
      return;
    }
    StringBuilder text = new StringBuilder(all.size() * 96);
    row(text, "STATE", "BATCH", "APPLIED AT", "TIME", "NAME", "");
    // Once per run, not per row: a freshly started JVM interprets these loops, so what a row
    // costs is what status costs more than a no-op latest. The states' names and counts in one
    // pass; a time formatted again only when it differs from the row before (a batch's rows
    // share their seconds).
    Map<MigrationState, String> stateNames = new EnumMap<>(MigrationState.class);
    Map<MigrationState, Integer> counts = new EnumMap<>(MigrationState.class);
    long lastSecond = Long.MIN_VALUE;
    String lastWhen = "";
    for (MigrationStatus s : all) {
      AppliedMigration a = s.applied();
      counts.put(s.state(), counts.getOrDefault(s.state(), 0) + 1);
      String when = "";
      if (a != null && a.appliedAt() != null) {
        long second = a.appliedAt().getEpochSecond();
        if (second != lastSecond) {
          lastSecond = second;
          lastWhen = when(a.appliedAt());
        }
        when = lastWhen;
      }
      row(
          text,
          state(s, stateNames),
          a == null ? "" : Integer.toString(a.batch()),
          when,
          a == null ? "" : millis(a.executionMillis()),
          s.name(),
          note(s));
    }
    text.append(System.lineSeparator())
        .append(summary(counts, counts.getOrDefault(MigrationState.APPLIED, 0) == all.size()))
        .append(System.lineSeparator());
    out.print(text);
    out.flush();
  }

  /** As {@code millis + " ms"}, without a string concatenation's call site to link. */
  private static String millis(long millis) {
    return Long.toString(millis).concat(" ms");
  }

  /** As {@code "%-8s %5s %-20s %8s %s%s%n"}. */
  private static void row(
      StringBuilder text,
      String state,
      String batch,
      String when,
      String time,
      String name,
      String note) {
    padRight(text, state, 8).append(' ');
    padLeft(text, batch, 5).append("  ");
    padRight(text, when, 20).append(' ');
    padLeft(text, time, 8).append("  ");
    text.append(name).append(note).append(System.lineSeparator());
  }

  private static StringBuilder padRight(StringBuilder text, String value, int width) {
    text.append(value);
    for (int i = value.length(); i < width; i++) {
      text.append(' ');
    }
    return text;
  }

  private static StringBuilder padLeft(StringBuilder text, String value, int width) {
    for (int i = value.length(); i < width; i++) {
      text.append(' ');
    }
    return text.append(value);
  }

  /** As {@link #WHEN} formats it, from the date's fields. */
  static String when(Instant instant) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    if (t.getYear() < 0 || t.getYear() > 9999) {
      return WHEN.format(instant);
    }
    char[] c = "0000-00-00 00:00:00Z".toCharArray();
    digits(c, 0, t.getYear(), 4);
    digits(c, 5, t.getMonthValue(), 2);
    digits(c, 8, t.getDayOfMonth(), 2);
    digits(c, 11, t.getHour(), 2);
    digits(c, 14, t.getMinute(), 2);
    digits(c, 17, t.getSecond(), 2);
    return new String(c);
  }

  private static void digits(char[] c, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /**
   * An adopted or baselined row that is in order shows how it got there; the others their state in
   * lower case, each lowered once into {@code names}.
   */
  private static String state(MigrationStatus s, Map<MigrationState, String> names) {
    AppliedMigration a = s.applied();
    if (s.state() == MigrationState.APPLIED
        && a != null
        && (a.status() == HistoryStatus.ADOPTED || a.status() == HistoryStatus.BASELINE)) {
      return a.status().dbValue();
    }
    String name = names.get(s.state());
    if (name == null) {
      name = s.state().name().toLowerCase(Locale.ROOT);
      names.put(s.state(), name);
    }
    return name;
  }

  private static String note(MigrationStatus s) {
    return switch (s.state()) {
      case PENDING -> s.outOfOrder() ? "  (older than the newest applied: out of order)" : "";
      case CHANGED ->
          "  (checksum "
              + SourceChecksum.shortForm(s.applied().checksum())
              + " recorded, now "
              + SourceChecksum.shortForm(s.currentChecksum())
              + ")";
      case MISSING -> "  (its code is gone)";
      case FAILED -> "  (failed part-way outside a transaction: needs attention)";
      case RUNNING ->
          "  (started outside a transaction"
              + (s.applied().backendPid() == 0
                  ? ""
                  : " in database session pid " + s.applied().backendPid())
              + ", not recorded as finished: still running, or its run was killed)";
      default -> "";
    };
  }

  /** From the count of each state; up to date when every migration is applied. */
  private static String summary(Map<MigrationState, Integer> counts, boolean upToDate) {
    StringBuilder s = new StringBuilder(upToDate ? "Up to date: " : "");
    int start = s.length();
    for (MigrationState state : MigrationState.values()) {
      int n = counts.getOrDefault(state, 0);
      if (n > 0) {
        s.append(s.length() == start ? "" : ", ")
            .append(n)
            .append(' ')
            .append(state.name().toLowerCase(Locale.ROOT));
      }
    }
    return s.toString();
  }

  private void printJson(StatusResult status, PrintWriter out) {
    out.println(Json.write(ResultJson.status(target(), status)));
    out.flush();
  }

  @Override
  boolean createsDefaultDatabase() {
    return false;
  }
}
