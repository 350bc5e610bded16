package dev.dbmigrate.cli.process;

import dev.dbmigrate.testing.MariaDbDatabase;
import dev.dbmigrate.testing.TestDatabase;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link SeparateProcesses} on MariaDB, where DDL commits at once: every migration is recorded as
 * running before its first statement, so a run killed in one stops the next run with exit 12.
 */
class SeparateProcessesMariaDbTest extends SeparateProcesses {

  @RegisterExtension static final MariaDbDatabase maria = new MariaDbDatabase();

  @Override
  TestDatabase database() {
    return maria;
  }

  @Override
  String sleep(double seconds) {
    return "select sleep(" + seconds + ")";
  }

  @Override
  String slowInsert() {
    return "insert into marks select sleep(3)";
  }

  @Override
  boolean serverFinishesADeadClientsStatement() {
    // The server may notice the closed socket and end SLEEP early; either way the row is running
    // and the statement never runs twice, which is what the test checks.
    return false;
  }

  @Override
  boolean transactionalDdl() {
    return false;
  }

  @Override
  boolean tableExists(String table) throws SQLException {
    return ((Number)
                maria.scalar(
                    "select count(*) from information_schema.tables"
                        + " where table_schema = database() and table_name = '"
                        + table
                        + "'"))
            .longValue()
        > 0;
  }

  @Override
  boolean statementRunning(String like) throws SQLException {
    return ((Number)
                maria.scalar(
                    "select count(*) from information_schema.processlist"
                        + " where command = 'Query' and info like '"
                        + like
                        + "'"))
            .longValue()
        > 0;
  }
}
