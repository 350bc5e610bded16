package dev.dbmigrate.lambda;

import dev.dbmigrate.testing.MariaDbDatabase;
import dev.dbmigrate.testing.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An RDS secret of a MySQL database says "mysql": that is what the function must accept. */
class HandlerOnMariaDbTest extends HandlerOnEngines {

  @RegisterExtension static final MariaDbDatabase db = new MariaDbDatabase();

  @Override
  TestDatabase db() {
    return db;
  }

  /** The local server's root has no password; the function's user has one, as on RDS. */
  @Override
  String user() throws Exception {
    db.execute("create or replace user 'dbm_lambda'@'%' identified by 'Lambda-pw-1'");
    db.execute("grant all on `" + db.name() + "`.* to 'dbm_lambda'@'%'");
    db.execute("grant process on *.* to 'dbm_lambda'@'%'");
    return "dbm_lambda";
  }

  @Override
  String password() {
    return "Lambda-pw-1";
  }

  @Override
  String secretEngine() {
    return "mysql";
  }
}
