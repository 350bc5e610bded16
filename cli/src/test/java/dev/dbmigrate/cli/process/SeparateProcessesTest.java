package dev.dbmigrate.cli.process;

import dev.dbmigrate.testing.PostgresDatabase;
import dev.dbmigrate.testing.TestDatabase;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SeparateProcesses} on PostgreSQL. */
class SeparateProcessesTest extends SeparateProcesses {

  @RegisterExtension static final PostgresDatabase pg = new PostgresDatabase();

  @Override
  TestDatabase database() {
    return pg;
  }

  @Override
  String sleep(double seconds) {
    return "select pg_sleep(" + seconds + ")";
  }

  @Override
  String slowInsert() {
    return "insert into marks select 1 from pg_sleep(3)";
  }

  @Override
  boolean serverFinishesADeadClientsStatement() {
    return true;
  }

  @Override
  boolean transactionalDdl() {
    return true;
  }

  @Override
  boolean tableExists(String table) throws SQLException {
    return pg.scalar("select to_regclass('public." + table + "')") != null;
  }

  @Override
  boolean statementRunning(String like) throws SQLException {
    return (Boolean)
        pg.scalar(
            "select exists (select 1 from pg_stat_activity where state = 'active' and query like '"
                + like
                + "')");
  }
}
