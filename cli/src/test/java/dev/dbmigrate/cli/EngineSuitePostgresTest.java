package dev.dbmigrate.cli;

import dev.dbmigrate.testing.PostgresDatabase;
import dev.dbmigrate.testing.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class EngineSuitePostgresTest extends EngineSuite {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  @Override
  TestDatabase db() {
    return db;
  }

  @Override
  String sqlFileUp() {
    return """
        -- a note table; the comment has a ? and a ' in it
        create table note (id int primary key, body text);
        insert into note values (1, 'it''s; fine');
        """;
  }

  @Override
  boolean transactionalDdl() {
    return true;
  }
}
