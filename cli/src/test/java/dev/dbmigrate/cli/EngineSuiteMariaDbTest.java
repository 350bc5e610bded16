package dev.dbmigrate.cli;

import static dev.dbmigrate.cli.MigrationFiles.name;
import static dev.dbmigrate.cli.MigrationFiles.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.testing.MariaDbDatabase;
import dev.dbmigrate.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EngineSuiteMariaDbTest extends EngineSuite {

  @RegisterExtension static final MariaDbDatabase db = new MariaDbDatabase();

  @Override
  TestDatabase db() {
    return db;
  }

  @Override
  String sqlFileUp() {
    return """
        # a note table; this comment has a ; and a ' in it
        create table `note` (id int primary key, body text); -- the body's ; is data
        insert into note values (1, 'it\\'s; fine');
        /* a block comment; with a semicolon */
        create procedure touch_note() begin
          update note set body = body where id = 1;
          select count(*) from note;
        end;
        drop procedure touch_note;
        """;
  }

  @Override
  boolean transactionalDdl() {
    return false;
  }

  @Test
  void delimiter_in_a_sql_file_is_refused_naming_the_line() throws Exception {
    Files.writeString(
        Files.createDirectories(cli.migrationsDir()).resolve(name(1, "Proc") + ".up.sql"),
        "create table t (id int);\nDELIMITER //\ncreate procedure p() begin select 1; end //\n",
        StandardCharsets.UTF_8);
    CliRunner.Result r =
        cli.run("latest")
            .assertExit(ExitCodes.of(ErrorCode.INVALID_MIGRATIONS))
            .assertOneLineError();
    assertTrue(r.err().contains(name(1, "Proc") + ".up.sql:2: DELIMITER"), r::toString);
    assertEquals(List.of(), history());
  }

  @Test
  void lint_says_its_rules_are_postgresqls() throws Exception {
    files.createTable(ts(1), "CreateGadget", "gadget");
    CliRunner.Result r = cli.run("lint", "--offline");
    assertTrue(r.stderr().contains("lock-safety rules are PostgreSQL's"), r::toString);
  }
}
