package dev.dbmigrate.engine;

import java.util.List;

/** Every migration, applied or in the code, in name order. */
public record StatusResult(List<MigrationStatus> migrations) {

  public List<MigrationStatus> inState(MigrationState state) {
    return migrations.stream().filter(m -> m.state() == state).toList();
  }

  public List<MigrationStatus> pending() {
    return inState(MigrationState.PENDING);
  }

  /** Applied, changed and failed migrations: everything with a history row. */
  public List<MigrationStatus> applied() {
    return migrations.stream().filter(m -> m.applied() != null).toList();
  }

  /** True when nothing is pending and no migration needs attention. */
  public boolean upToDate() {
    return migrations.stream().allMatch(m -> m.state() == MigrationState.APPLIED);
  }
}
