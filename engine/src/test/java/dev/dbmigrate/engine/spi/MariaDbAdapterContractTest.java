package dev.dbmigrate.engine.spi;

import dev.dbmigrate.testing.MariaDbDatabase;
import dev.dbmigrate.testing.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class MariaDbAdapterContractTest extends AdapterContract {

  @RegisterExtension static final MariaDbDatabase db = new MariaDbDatabase();

  @Override
  protected TestDatabase db() {
    return db;
  }

  @Override
  protected String sleepSql(int seconds) {
    return "select sleep(" + seconds + ")";
  }
}
