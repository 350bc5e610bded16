package dev.dbmigrate.engine.internal;

import dev.dbmigrate.engine.AdoptionResult;
import dev.dbmigrate.engine.AppliedMigration;
import dev.dbmigrate.engine.AvailableMigration;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.HistoryStatus;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigrationStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code baseline <migration>}: for a database that already has the schema and no history, records
 * every migration up to and including the named one as applied without running it (knex users ask
 * for this as {@code migrate:latest --fake}). One batch, one transaction, under the run lock.
 */
public final class BaselineCommand {

  private final RunContext run;

  public BaselineCommand(RunContext run) {
    this.run = run;
  }

  public AdoptionResult baseline(String target, boolean dryRun) {
    List<AvailableMigration> upTo = upTo(target);
    List<AppliedMigration> rows = new ArrayList<>(upTo.size());
    for (AvailableMigration m : upTo) {
      rows.add(
          new AppliedMigration(
              m.name().toString(),
              1,
              null,
              0,
              run.config().appliedBy(),
              m.checksum(),
              HistoryStatus.BASELINE));
    }
    // Unlike adoption, a baseline is not repeated: the history it would start is there.
    HistoryWriter.refuseExisting(run.plan(), run.historyTable(), "baseline");
    if (!dryRun) {
      HistoryWriter.writeAll(run.session(), rows);
    }
    return new AdoptionResult(
        "baseline", null, dryRun, false, rows, List.of(), List.of(), List.of());
  }

  /** The named migration (full name or description) and every older one, oldest first. */
  private List<AvailableMigration> upTo(String target) {
    List<AvailableMigration> all = new ArrayList<>();
    String found = null;
    for (MigrationStatus s : run.plan().statuses()) {
      AvailableMigration m = run.plan().code(s.name());
      if (m != null) {
        all.add(m);
        if (found == null && (s.name().equals(target) || s.name().endsWith("_" + target))) {
          found = s.name();
        }
      }
    }
    if (found == null) {
      throw new MigrationException(
          ErrorCode.NOT_FOUND,
          target,
          "no migration is named "
              + target
              + "; 'dbmigrate list' shows the names (the baseline is the newest migration the"
              + " database's schema already has)",
          null);
    }
    String last = found;
    return all.stream().filter(m -> m.name().toString().compareTo(last) <= 0).toList();
  }
}
