package dev.dbmigrate.engine.internal;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigrationState;
import dev.dbmigrate.engine.MigrationStatus;
import dev.dbmigrate.engine.RepairResult;
import dev.dbmigrate.engine.RepairResult.ChecksumChange;
import dev.dbmigrate.engine.spi.DatabaseAdapter;
import dev.dbmigrate.engine.spi.HistoryWrite;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code repair}: accepts edited applied migrations by recording their current checksum, and clears
 * failed or interrupted non-transactional migrations, either to run them again or, with {@code
 * markApplied}, because a person finished them by hand.
 */
public final class RepairCommand {

  private final RunContext run;

  public RepairCommand(RunContext run) {
    this.run = run;
  }

  public RepairResult repair(boolean markApplied) {
    List<ChecksumChange> realigned = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> marked = new ArrayList<>();
    DatabaseAdapter adapter = run.session().adapter();
    java.sql.Connection c = run.session().control();
    try {
      for (MigrationStatus s : run.plan().statuses()) {
        if (s.state() == MigrationState.CHANGED) {
          Statements.run(
              c, adapter.write(new HistoryWrite.UpdateChecksum(s.name(), s.currentChecksum())));
          realigned.add(new ChecksumChange(s.name(), s.applied().checksum(), s.currentChecksum()));
        } else if (needsPerson(s) && markApplied) {
          if (s.currentChecksum() == null) {
            throw new MigrationException(
                ErrorCode.INVALID_MIGRATIONS,
                s.name(),
                "migration "
                    + s.name()
                    + " "
                    + s.state().name().toLowerCase(java.util.Locale.ROOT)
                    + " and its code is gone; restore it first",
                null);
          }
          Statements.run(c, adapter.write(new HistoryWrite.MarkApplied(s.name())));
          Statements.run(
              c, adapter.write(new HistoryWrite.UpdateChecksum(s.name(), s.currentChecksum())));
          marked.add(s.name());
        } else if (needsPerson(s)) {
          Statements.run(c, adapter.write(new HistoryWrite.Delete(s.name(), false)));
          removed.add(s.name());
        }
      }
    } catch (SQLException e) {
      throw run.session().failure(e);
    }
    return new RepairResult(List.copyOf(realigned), List.copyOf(removed), List.copyOf(marked));
  }

  /**
   * Failed, or interrupted while running: either way a person decided what it left behind. A
   * running row reaches here only once its database session is gone ({@link RunningMigrations}).
   */
  private static boolean needsPerson(MigrationStatus s) {
    return s.state() == MigrationState.FAILED || s.state() == MigrationState.RUNNING;
  }
}
