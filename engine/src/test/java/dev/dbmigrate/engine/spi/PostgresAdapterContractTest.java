package dev.dbmigrate.engine.spi;

import dev.dbmigrate.testing.PostgresDatabase;
import dev.dbmigrate.testing.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresAdapterContractTest extends AdapterContract {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  @Override
  protected TestDatabase db() {
    return db;
  }

  @Override
  protected String sleepSql(int seconds) {
    return "select pg_sleep(" + seconds + ")";
  }
}
