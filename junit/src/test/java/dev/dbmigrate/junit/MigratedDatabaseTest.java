package dev.dbmigrate.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.engine.AvailableMigration;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.Migration;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigrationName;
import dev.dbmigrate.engine.MigrationSource;
import dev.dbmigrate.engine.RunResult;
import dev.dbmigrate.engine.Sql;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The kit as a team uses it: a data migration that splits a name column is tested by inserting rows
 * as they were before it, running it, and asserting on the result; then its down.
 */
class MigratedDatabaseTest {

  /** Before: people with one name column. */
  static final class CreatePeople implements Migration {
    @Override
    public void up(DSLContext db) throws Exception {
      Sql.execute(db, "create table people (id int primary key, full_name text not null)");
    }

    @Override
    public void down(DSLContext db) throws Exception {
      Sql.execute(db, "drop table people");
    }
  }

  /** The data migration under test: first and last name, split at the last space. */
  static final class SplitNames implements Migration {
    @Override
    public void up(DSLContext db) throws Exception {
      Sql.execute(
          db,
          "alter table people add column first_name text, add column last_name text;"
              + " update people set"
              + " first_name = nullif(regexp_replace(full_name, '\\s*\\S+$', ''), ''),"
              + " last_name = substring(full_name from '(\\S+)$');"
              + " alter table people drop column full_name,"
              + " alter column last_name set not null");
    }

    @Override
    public void down(DSLContext db) throws Exception {
      Sql.execute(
          db,
          "alter table people add column full_name text;"
              + " update people set full_name = concat_ws(' ', first_name, last_name);"
              + " alter table people alter column full_name set not null,"
              + " drop column first_name, drop column last_name");
    }
  }

  static final MigrationSource SOURCE =
      () ->
          List.of(
              available("M20260701000001_CreatePeople", CreatePeople::new),
              available("M20260701000002_SplitNames", SplitNames::new));

  private static AvailableMigration available(
      String className, java.util.function.Supplier<Migration> make) {
    return new AvailableMigration(
        MigrationName.ofClassName(className), "checksum-" + className, "test:" + className, make);
  }

  @RegisterExtension final MigratedDatabase db = MigratedDatabase.of(SOURCE).upTo("CreatePeople");

  @Test
  void the_next_migration_splits_the_names_of_rows_inserted_before_it() throws Exception {
    db.execute(
        "insert into people values (1, 'Ada Lovelace'), (2, 'Grace Brewster Hopper'), (3, 'Plato')");

    RunResult result = db.migrateNext();

    assertEquals("20260701000002_SplitNames", result.executed().get(0).name());
    assertEquals("Lovelace", db.scalar("select last_name from people where id = 1"));
    assertEquals("Grace Brewster", db.scalar("select first_name from people where id = 2"));
    assertNull(db.scalar("select first_name from people where id = 3"));
    assertEquals("Plato", db.scalar("select last_name from people where id = 3"));
  }

  @Test
  void its_down_joins_them_again() throws Exception {
    db.execute("insert into people values (1, 'Ada Lovelace'), (3, 'Plato')");
    db.migrateTo("SplitNames");
    db.migrateDown();
    assertEquals("Ada Lovelace", db.scalar("select full_name from people where id = 1"));
    assertEquals("Plato", db.scalar("select full_name from people where id = 3"));
  }

  @Test
  void each_test_starts_from_a_fresh_database_at_the_named_migration() throws Exception {
    assertEquals(0L, db.scalar("select count(*) from people"), "no rows from another test");
    assertEquals(
        List.of("20260701000002_SplitNames"),
        db.migrator().status().pending().stream().map(s -> s.name()).toList());
    assertTrue(db.url().contains("dbm_"), db.url());
  }

  @Test
  void an_unknown_migration_is_refused_naming_it() {
    MigrationException e = assertThrows(MigrationException.class, () -> db.migrateTo("Nope"));
    assertEquals(ErrorCode.NOT_FOUND, e.code());
    assertTrue(e.getMessage().contains("'Nope'"), e.getMessage());
  }
}
