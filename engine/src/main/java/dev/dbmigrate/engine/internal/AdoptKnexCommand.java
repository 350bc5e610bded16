package dev.dbmigrate.engine.internal;

import dev.dbmigrate.engine.AdoptionResult;
import dev.dbmigrate.engine.AppliedMigration;
import dev.dbmigrate.engine.AvailableMigration;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.HistoryStatus;
import dev.dbmigrate.engine.KnexAdoption;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigrationStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code adopt knex}: takes knex's history over. Each {@code knex_migrations} row names a file with
 * its extension ({@code 20211004160632_CreateInitialDemoTable.js}); it becomes the row of the
 * migration here with the same name, keeping knex's batch and time, with status {@code adopted} and
 * the checksum of the code as it is now (knex kept none), so every later run verifies from here on.
 * Knex's tables are only read.
 */
public final class AdoptKnexCommand {

  /** Knex records the file name; its extension is whatever the project wrote the file in. */
  private static final Pattern FILE = Pattern.compile("(.+?)\\.(js|ts|cjs|mjs|cts|mts|coffee)");

  private static final Pattern TIMESTAMP = Pattern.compile("(\\d{14})_.*");

  private static final int LISTED = 10;

  private final RunContext run;
  private final KnexAdoption options;

  public AdoptKnexCommand(RunContext run, KnexAdoption options) {
    this.run = run;
    this.options = options;
  }

  private record KnexRow(String file, int batch, Instant at) {}

  public AdoptionResult adopt(boolean dryRun) {
    Connection c = run.session().control();
    String table;
    List<KnexRow> knexRows;
    try {
      table = OtherToolTables.qualify(c, options.history(), options.history().table());
      OtherToolTables.requireExists(c, table, "knex", "--knex");
      refuseWhileLocked(c);
      knexRows = read(c, table);
    } catch (SQLException e) {
      throw Session.lost(e);
    }
    if (knexRows.isEmpty()) {
      throw new MigrationException(
          ErrorCode.NOT_FOUND,
          "knex's history "
              + table
              + " is empty, so knex never ran a migration here and there is nothing to adopt;"
              + " run 'dbmigrate latest', or 'dbmigrate baseline <migration>' if the database"
              + " already has the schema");
    }
    Map<String, AvailableMigration> code = codeByName();
    List<AppliedMigration> rows = new ArrayList<>();
    List<String> unmatched = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<String> adopted = new HashSet<>();
    String by = "knex; adopted by " + run.config().appliedBy();
    for (KnexRow k : knexRows) {
      String name = withoutExtension(k.file());
      AvailableMigration m = code.get(name);
      if (m == null) {
        unmatched.add(k.file());
        if (!options.skipUnmatched()) {
          problems.add(k.file() + ": " + noMatch(name, code));
        }
      } else if (adopted.add(name)) {
        rows.add(
            new AppliedMigration(
                name, k.batch(), k.at(), 0, by, m.checksum(), HistoryStatus.ADOPTED));
      }
    }
    String newest = adopted.stream().max(String::compareTo).orElse("");
    List<String> gaps =
        code.keySet().stream()
            .filter(n -> !adopted.contains(n) && n.compareTo(newest) < 0)
            .toList();
    if (!options.allowGaps()) {
      gaps.forEach(
          g ->
              problems.add(
                  g + ": knex never ran it, but it is older than " + newest + ", which knex ran"));
    }
    // The same adoption again is not a conflict, whatever changed in the code since.
    boolean done = HistoryWriter.alreadyRecorded(run.plan(), rows, run.historyTable(), "adopt");
    if (!done && !problems.isEmpty()) {
      throw corrupt(table, problems);
    }
    if (!dryRun && !done) {
      HistoryWriter.writeAll(run.session(), rows);
    }
    return new AdoptionResult(
        "knex",
        table,
        dryRun,
        done,
        done ? List.of() : rows,
        options.skipUnmatched() ? unmatched : List.of(),
        gaps,
        List.of());
  }

  /** Every migration here, in name order. */
  private Map<String, AvailableMigration> codeByName() {
    Map<String, AvailableMigration> code = new LinkedHashMap<>();
    for (MigrationStatus s : run.plan().statuses()) {
      AvailableMigration m = run.plan().code(s.name());
      if (m != null) {
        code.put(s.name(), m);
      }
    }
    return code;
  }

  static String withoutExtension(String file) {
    Matcher m = FILE.matcher(file);
    return m.matches() ? m.group(1) : file;
  }

  private static String noMatch(String name, Map<String, AvailableMigration> code) {
    Matcher ts = TIMESTAMP.matcher(name);
    if (!ts.matches()) {
      return "not named <yyyyMMddHHmmss>_<description>, so no migration here can match it";
    }
    String sameTime =
        code.keySet().stream()
            .filter(n -> n.startsWith(ts.group(1) + "_"))
            .findFirst()
            .orElse(null);
    return sameTime == null
        ? "no migration here is named " + name
        : "no migration here is named "
            + name
            + " ("
            + sameTime
            + " has its timestamp; rename one so"
            + " the descriptions match)";
  }

  private MigrationException corrupt(String table, List<String> problems) {
    List<String> shown = problems.size() > LISTED ? problems.subList(0, LISTED) : problems;
    return new MigrationException(
        ErrorCode.INVALID_MIGRATIONS,
        "knex's history "
            + table
            + " does not match the migrations here (knex would call the migration directory"
            + " corrupt), so nothing was adopted: "
            + String.join("; ", shown)
            + (problems.size() > LISTED ? "; and " + (problems.size() - LISTED) + " more" : "")
            + ". Add or rename the migrations so the names match; or pass --skip-unmatched to"
            + " leave knex rows without a migration out, and --allow-gaps to leave migrations knex"
            + " never ran pending (latest then needs --allow-out-of-order)");
  }

  private void refuseWhileLocked(Connection c) throws SQLException {
    String lock =
        OtherToolTables.qualify(c, options.history(), options.history().table() + "_lock");
    if (!OtherToolTables.exists(c, lock)) {
      return;
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from " + lock + " where is_locked = 1")) {
      rs.next();
      if (rs.getLong(1) > 0) {
        throw new MigrationException(
            ErrorCode.LOCKED,
            "knex's migration lock is taken ("
                + lock
                + ".is_locked = 1): a knex migration may be running. Wait for it to finish; if"
                + " no knex run is going on, the lock was left by one that crashed: clear it"
                + " with 'knex migrate:unlock' or UPDATE "
                + lock
                + " SET is_locked = 0, then adopt again");
      }
    }
  }

  private static List<KnexRow> read(Connection c, String table) throws SQLException {
    List<KnexRow> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("select name, batch, migration_time from " + table + " order by id")) {
      while (rs.next()) {
        Timestamp at = rs.getTimestamp(3);
        rows.add(
            new KnexRow(
                java.util.Objects.requireNonNullElse(rs.getString(1), ""),
                rs.getInt(2),
                at == null ? null : at.toInstant()));
      }
    }
    return rows;
  }
}
