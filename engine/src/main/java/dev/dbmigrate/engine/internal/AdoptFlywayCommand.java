package dev.dbmigrate.engine.internal;

import dev.dbmigrate.engine.AdoptionResult;
import dev.dbmigrate.engine.AppliedMigration;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.HistoryStatus;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigrationStatus;
import dev.dbmigrate.engine.OtherToolTable;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code adopt flyway}: Flyway's versions are not timestamps, so its history becomes one {@code
 * baseline} row that stands for "the schema as Flyway left it at version V". The row is named
 * {@code <when Flyway last ran, UTC>_FlywayBaseline_V<version, dots as underscores>}: it sorts
 * after everything Flyway did and before every dbmigrate migration written after the switch, and
 * adopting the same history again gives the same name. Flyway's table is only read.
 */
public final class AdoptFlywayCommand {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withZone(ZoneOffset.UTC);

  private final RunContext run;
  private final OtherToolTable where;

  public AdoptFlywayCommand(RunContext run, OtherToolTable where) {
    this.run = run;
    this.where = where;
  }

  private record FlywayRow(
      int rank, String version, String type, String script, Instant installedOn, boolean success) {}

  public AdoptionResult adopt(boolean dryRun) {
    Connection c = run.session().control();
    String table;
    List<FlywayRow> all;
    try {
      table = OtherToolTables.qualify(c, where, where.table());
      OtherToolTables.requireExists(c, table, "Flyway", "--flyway");
      all = read(c, table);
    } catch (SQLException e) {
      throw Session.lost(e);
    }
    refuseFailed(table, all);
    Set<String> deleted = new HashSet<>();
    Set<String> repeatable = new LinkedHashSet<>();
    for (FlywayRow r : all) {
      if ("DELETE".equals(r.type())) {
        deleted.add(r.version());
      } else if (r.version() == null) {
        repeatable.add(r.script());
      }
    }
    List<FlywayRow> versioned =
        all.stream()
            .filter(r -> r.version() != null)
            .filter(r -> !"DELETE".equals(r.type()) && !"SCHEMA".equals(r.type()))
            .filter(r -> !deleted.contains(r.version()))
            .toList();
    FlywayRow top =
        versioned.stream()
            .max(Comparator.comparing(FlywayRow::version, AdoptFlywayCommand::compareVersions))
            .orElseThrow(
                () ->
                    new MigrationException(
                        ErrorCode.NOT_FOUND,
                        "Flyway's history "
                            + table
                            + " records no successful versioned migration, so there is no"
                            + " schema to adopt; run 'dbmigrate latest' on this database, or"
                            + " 'dbmigrate baseline <migration>' if it already has the schema"));
    Instant leftAt =
        all.stream()
            .map(FlywayRow::installedOn)
            .filter(java.util.Objects::nonNull)
            .max(Comparator.naturalOrder())
            .orElse(Instant.now());
    String name = STAMP.format(leftAt) + "_FlywayBaseline_V" + top.version().replace('.', '_');
    AppliedMigration row =
        new AppliedMigration(
            name,
            1,
            leftAt,
            0,
            "flyway; adopted by " + run.config().appliedBy(),
            "flyway:V" + top.version(),
            HistoryStatus.BASELINE);
    List<String> older =
        run.plan().pending().stream()
            .map(MigrationStatus::name)
            .filter(n -> n.compareTo(name) < 0)
            .toList();
    boolean done =
        HistoryWriter.alreadyRecorded(run.plan(), List.of(row), run.historyTable(), "adopt");
    if (!dryRun && !done) {
      HistoryWriter.writeAll(run.session(), List.of(row));
    }
    return new AdoptionResult(
        "flyway",
        table,
        dryRun,
        done,
        done ? List.of() : List.of(row),
        List.of(),
        older,
        List.copyOf(repeatable));
  }

  private static void refuseFailed(String table, List<FlywayRow> all) {
    List<String> failed =
        all.stream()
            .filter(r -> !r.success())
            .map(
                r ->
                    (r.version() == null ? "repeatable" : "version " + r.version())
                        + " ("
                        + r.script()
                        + ", installed_rank "
                        + r.rank()
                        + ")")
            .toList();
    if (!failed.isEmpty()) {
      throw new MigrationException(
          ErrorCode.NEEDS_ATTENTION,
          "Flyway's history "
              + table
              + " records a failed migration: "
              + String.join(", ", failed)
              + ". The schema may be half way through it, so nothing was adopted; finish or undo"
              + " it by hand, run 'flyway repair' (which removes failed rows), then adopt again");
    }
    List<String> undo =
        all.stream().filter(r -> r.type().startsWith("UNDO")).map(FlywayRow::script).toList();
    if (!undo.isEmpty()) {
      throw new MigrationException(
          ErrorCode.INVALID_MIGRATIONS,
          "Flyway's history "
              + table
              + " records undo migrations ("
              + String.join(", ", undo)
              + "), which this adoption does not read; run 'flyway info' to see the version the"
              + " schema is at, and record it with 'dbmigrate baseline' instead");
    }
  }

  /** Flyway's order: numeric parts from the left, so 1.10 is after 1.9 and 1.0 equals 1. */
  static int compareVersions(String a, String b) {
    String[] x = a.split("[._]");
    String[] y = b.split("[._]");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      BigInteger p = part(x, i);
      BigInteger q = part(y, i);
      int cmp = p.compareTo(q);
      if (cmp != 0) {
        return cmp;
      }
    }
    return 0;
  }

  private static BigInteger part(String[] parts, int i) {
    if (i >= parts.length || parts[i].isEmpty()) {
      return BigInteger.ZERO;
    }
    try {
      return new BigInteger(parts[i]);
    } catch (NumberFormatException e) {
      return BigInteger.ZERO;
    }
  }

  /**
   * installed_on is a timestamp without time zone, written with Flyway's session time zone; read it
   * in this session's, the best guess there is.
   */
  private static List<FlywayRow> read(Connection c, String table) throws SQLException {
    List<FlywayRow> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select installed_rank, version, type, script,"
                    + " installed_on at time zone current_setting('TimeZone'), success from "
                    + table
                    + " order by installed_rank")) {
      while (rs.next()) {
        Timestamp at = rs.getTimestamp(5);
        rows.add(
            new FlywayRow(
                rs.getInt(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                at == null ? null : at.toInstant(),
                rs.getBoolean(6)));
      }
    }
    return rows;
  }
}
