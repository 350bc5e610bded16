package dev.dbmigrate.engine.internal;

import dev.dbmigrate.engine.AppliedMigration;
import dev.dbmigrate.engine.AvailableMigration;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.HistoryStatus;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigrationState;
import dev.dbmigrate.engine.MigrationStatus;
import dev.dbmigrate.engine.SourceChecksum;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The code compared with the history table: one status per migration, in name order. Built in one
 * pass over each side with hash lookups, so it stays linear in the number of migrations. The
 * validation rules that protect a run live here, in one place, for every command.
 */
public final class Plan {

  private final List<MigrationStatus> statuses;
  private final Map<String, AvailableMigration> available;
  private final List<AppliedMigration> history;

  private Plan(
      List<MigrationStatus> statuses,
      Map<String, AvailableMigration> available,
      List<AppliedMigration> history) {
    this.statuses = statuses;
    this.available = available;
    this.history = history;
  }

  public static Plan of(List<AvailableMigration> code, List<AppliedMigration> history) {
    Map<String, AvailableMigration> byName = indexAndCheckDuplicates(code);
    Map<String, AppliedMigration> appliedByName = new HashMap<>(history.size() * 2);
    String newestApplied = null;
    for (AppliedMigration row : history) {
      appliedByName.put(row.name(), row);
      if (newestApplied == null || row.name().compareTo(newestApplied) > 0) {
        newestApplied = row.name();
      }
    }
    TreeMap<String, MigrationStatus> statuses = new TreeMap<>();
    for (AppliedMigration row : history) {
      AvailableMigration m = byName.get(row.name());
      MigrationState state;
      if (row.failed()) {
        state = MigrationState.FAILED;
      } else if (row.running()) {
        state = MigrationState.RUNNING;
      } else if (m == null && row.status() == HistoryStatus.BASELINE) {
        // A baseline stands for a schema that was already there; it needs no code (Flyway's has
        // none).
        state = MigrationState.APPLIED;
      } else if (m == null) {
        state = MigrationState.MISSING;
      } else if (!m.checksum().equals(row.checksum())) {
        state = MigrationState.CHANGED;
      } else {
        state = MigrationState.APPLIED;
      }
      statuses.put(
          row.name(),
          new MigrationStatus(row.name(), state, row, m == null ? null : m.checksum(), false));
    }
    for (AvailableMigration m : byName.values()) {
      String name = m.name().toString();
      if (!appliedByName.containsKey(name)) {
        boolean outOfOrder = newestApplied != null && name.compareTo(newestApplied) < 0;
        statuses.put(
            name,
            new MigrationStatus(name, MigrationState.PENDING, null, m.checksum(), outOfOrder));
      }
    }
    return new Plan(new ArrayList<>(statuses.values()), byName, history);
  }

  /**
   * Checks the code alone, before any connection opens: two migrations must not share a timestamp.
   */
  public static void validateCode(List<AvailableMigration> code) {
    indexAndCheckDuplicates(code);
  }

  private static Map<String, AvailableMigration> indexAndCheckDuplicates(
      List<AvailableMigration> code) {
    Map<String, AvailableMigration> byName = new HashMap<>(code.size() * 2);
    Map<String, AvailableMigration> byTimestamp = new HashMap<>(code.size() * 2);
    for (AvailableMigration m : code) {
      AvailableMigration twin = byTimestamp.putIfAbsent(m.name().timestamp(), m);
      if (twin != null) {
        throw new MigrationException(
            ErrorCode.INVALID_MIGRATIONS,
            m.name().toString(),
            "migrations "
                + twin.name()
                + " ("
                + twin.origin()
                + ") and "
                + m.name()
                + " ("
                + m.origin()
                + ") have the same timestamp "
                + m.name().timestamp()
                + ", so their order is undefined; give one of them a later timestamp",
            null);
      }
      byName.put(m.name().toString(), m);
    }
    return byName;
  }

  public List<MigrationStatus> statuses() {
    return statuses;
  }

  public List<AppliedMigration> history() {
    return history;
  }

  public AvailableMigration code(String name) {
    return available.get(name);
  }

  /** Pending migrations in the order they must run. */
  public List<MigrationStatus> pending() {
    return statuses.stream().filter(s -> s.state() == MigrationState.PENDING).toList();
  }

  public int lastBatch() {
    return history.stream().mapToInt(AppliedMigration::batch).max().orElse(0);
  }

  /** Rows of the last batch, newest first: the order to revert them in. */
  public List<AppliedMigration> lastBatchNewestFirst() {
    int last = lastBatch();
    return history.stream()
        .filter(r -> r.batch() == last)
        .sorted(Comparator.comparing(AppliedMigration::name).reversed())
        .toList();
  }

  /** Every row, newest batch first and newest name first within a batch. */
  public List<AppliedMigration> historyNewestFirst() {
    return history.stream()
        .sorted(
            Comparator.comparingInt(AppliedMigration::batch)
                .thenComparing(AppliedMigration::name)
                .reversed())
        .toList();
  }

  /**
   * The checks before anything is applied: a failed migration waits for a person, applied code must
   * exist and be unchanged, and nothing pending may be older than what is applied unless allowed.
   */
  public void validateForApply(boolean allowOutOfOrder, String historyTable) {
    validateApplied(historyTable);
    if (!allowOutOfOrder) {
      String newest = newestAppliedName();
      for (MigrationStatus s : statuses) {
        if (s.outOfOrder()) {
          throw new MigrationException(
              ErrorCode.OUT_OF_ORDER,
              s.name(),
              "pending migration "
                  + s.name()
                  + " is older than the newest applied migration "
                  + newest
                  + " (it was probably merged late); review it against what was applied"
                  + " since, then run again with allow-out-of-order, or give it a newer"
                  + " timestamp",
              null);
        }
      }
    }
  }

  /** The checks before migrations are reverted or status is trusted: history must match code. */
  public void validateApplied(String historyTable) {
    for (MigrationStatus s : statuses) {
      switch (s.state()) {
        case FAILED -> throw needsAttention(s.name(), historyTable);
        case RUNNING -> throw interrupted(s.applied(), historyTable);
        case MISSING ->
            throw new MigrationException(
                ErrorCode.INVALID_MIGRATIONS,
                s.name(),
                "migration "
                    + s.name()
                    + " is recorded as applied in "
                    + historyTable
                    + " but its code is gone; restore its class, or if it was removed on purpose"
                    + " delete its row: DELETE FROM "
                    + historyTable
                    + " WHERE name = '"
                    + s.name()
                    + "'",
                null);
        case CHANGED ->
            throw new MigrationException(
                ErrorCode.CHECKSUM_MISMATCH,
                s.name(),
                "migration "
                    + s.name()
                    + " was changed after it was applied (recorded checksum "
                    + SourceChecksum.shortForm(s.applied().checksum())
                    + ", now "
                    + SourceChecksum.shortForm(s.currentChecksum())
                    + "); revert the edit and write a new migration instead, or accept the change"
                    + " with 'dbmigrate repair'",
                null);
        default -> {}
      }
    }
  }

  static MigrationException needsAttention(String name, String historyTable) {
    return new MigrationException(
        ErrorCode.NEEDS_ATTENTION,
        name,
        "migration "
            + name
            + " ran outside a transaction and failed part-way, so some of its"
            + " statements may be applied; check the schema, then either finish it by hand and run"
            + " 'dbmigrate repair --mark-applied', or undo what it did and run 'dbmigrate repair'"
            + " so the next run applies it again ("
            + historyTable
            + " records it as failed)",
        null);
  }

  /**
   * A non-transactional migration whose run ended before recording how it went, and whose database
   * session is gone too (the commands wait while it lives): its statements may all have committed,
   * some, or none.
   */
  static MigrationException interrupted(AppliedMigration row, String historyTable) {
    String name = row.name();
    int pid = row.backendPid();
    return new MigrationException(
        ErrorCode.NEEDS_ATTENTION,
        name,
        "migration "
            + name
            + " ran outside a transaction and its run ended before it finished"
            + (pid == 0 ? "" : " (database session pid " + pid + ", now gone)")
            + ", so it may be applied in full, in part or not at all; it is not run again"
            + " blindly. Check the schema, then either finish it by hand and run 'dbmigrate"
            + " repair --mark-applied', or undo what it did and run 'dbmigrate repair' so the"
            + " next run applies it again; if it was being reverted, the other way round ("
            + historyTable
            + " records it as running)",
        null);
  }

  private String newestAppliedName() {
    return history.stream().map(AppliedMigration::name).max(String::compareTo).orElse("");
  }
}
