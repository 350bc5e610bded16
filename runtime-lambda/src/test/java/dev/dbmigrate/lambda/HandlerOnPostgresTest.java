package dev.dbmigrate.lambda;

import dev.dbmigrate.testing.PostgresDatabase;
import dev.dbmigrate.testing.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class HandlerOnPostgresTest extends HandlerOnEngines {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  @Override
  TestDatabase db() {
    return db;
  }

  @Override
  String user() {
    return db.user();
  }

  /** Trust authentication ignores it. */
  @Override
  String password() {
    return db.password().isEmpty() ? "unused" : db.password();
  }

  @Override
  String secretEngine() {
    return "postgres";
  }
}
