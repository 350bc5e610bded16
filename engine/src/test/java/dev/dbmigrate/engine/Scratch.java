package dev.dbmigrate.engine;

import dev.dbmigrate.testing.PostgresDatabase;
import dev.dbmigrate.testing.SimpleDataSource;

/** Scratch databases on the test database's server, as its user. */
final class Scratch {

  private Scratch() {}

  static ScratchServer serverOf(PostgresDatabase db) {
    return name ->
        new SimpleDataSource(
            "jdbc:postgresql://" + db.host() + ":" + db.port() + "/" + name,
            db.user(),
            db.password());
  }

  static CheckSettings fresh(PostgresDatabase db) {
    return new CheckSettings(serverOf(db), null, false);
  }
}
