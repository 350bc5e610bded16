package dev.dbmigrate.engine;

import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;

/** Migrations written as lambdas, for engine tests that need no source files. */
final class TestMigrations implements MigrationSource {

  interface Step {
    void run(DSLContext db) throws Exception;
  }

  private final List<AvailableMigration> migrations = new ArrayList<>();

  /** A migration named {@code M<name>}, e.g. "20260101000000_A", with a checksum from its name. */
  TestMigrations add(String name, Step up, Step down) {
    return add(name, up, down, true, "checksum-of-" + name);
  }

  TestMigrations add(String name, Step up, Step down, boolean transactional, String checksum) {
    MigrationName parsed = MigrationName.ofClassName("M" + name);
    Migration m =
        new Migration() {
          @Override
          public void up(DSLContext db) throws Exception {
            up.run(db);
          }

          @Override
          public void down(DSLContext db) throws Exception {
            down.run(db);
          }

          @Override
          public boolean transactional() {
            return transactional;
          }
        };
    migrations.removeIf(a -> a.name().equals(parsed));
    migrations.add(new AvailableMigration(parsed, checksum, "test:" + name, () -> m));
    return this;
  }

  /** A migration that creates table {@code table} and drops it on the way down. */
  TestMigrations table(String name, String table) {
    return add(
        name,
        db -> db.execute("create table " + table + " (id int)"),
        db -> db.execute("drop table " + table));
  }

  TestMigrations remove(String name) {
    migrations.removeIf(a -> a.name().toString().equals(name));
    return this;
  }

  @Override
  public List<AvailableMigration> migrations() {
    return List.copyOf(migrations);
  }
}
