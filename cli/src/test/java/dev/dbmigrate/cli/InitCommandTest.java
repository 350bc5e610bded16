package dev.dbmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.testing.PostgresDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  static final int CONFIGURATION = ExitCodes.of(ErrorCode.CONFIGURATION);

  @TempDir Path tmp;
  CliRunner cli;
  Path repo;
  DatabaseState state = new DatabaseState(db);

  @BeforeEach
  void setUp() throws Exception {
    state.reset();
    // The project's own config must decide where the migrations are, as in a team's repository.
    cli = CliRunner.forProject(db, tmp).withoutEnv("DBMIGRATE_MIGRATIONS_DIR");
    repo = cli.workingDir();
  }

  private List<Path> filesUnder(Path dir) throws Exception {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
    }
  }

  @Test
  void init_writes_a_project_whose_example_migration_applies() throws Exception {
    CliRunner.Result r = cli.run("init").assertExit(ExitCodes.OK);

    assertTrue(r.out().contains("dbmigrate.properties"), r::toString);
    String config = Files.readString(repo.resolve("dbmigrate.properties"));
    assertTrue(config.contains("migrations-dir = migrations/src/main/java"), config);
    assertTrue(config.contains("# env.development.url = jdbc:postgresql://"), config);
    assertTrue(config.contains("# env.production.secret-id = "), config);
    assertTrue(
        Files.isDirectory(repo.resolve("migrations/src/main/resources/db/migration")),
        "no SQL migrations folder");
    List<Path> java = filesUnder(repo.resolve("migrations/src/main/java/db/migration"));
    assertEquals(1, java.size(), java::toString);
    assertTrue(
        java.get(0).toString().matches("M\\d{14}_CreateExampleTable\\.java"), java::toString);
    String pom = Files.readString(repo.resolve("migrations/pom.xml"));
    assertTrue(pom.contains("<artifactId>dbmigrate-engine</artifactId>"), pom);
    assertTrue(pom.contains("<version>" + BuildInfo.read().version() + "</version>"), pom);
    assertFalse(BuildInfo.read().version().equals("unknown"), "the build wrote no version");
    List<String> ignore = Files.readAllLines(repo.resolve(".gitignore"));
    assertTrue(ignore.contains("/migrations/target/"), ignore::toString);
    assertTrue(ignore.contains("/.dbmigrate-cache/"), ignore::toString);

    cli.run("latest").assertExit(ExitCodes.OK);
    assertTrue(state.tableExists("example"), "the example migration did not run");
    assertEquals(1, state.history().size());
  }

  @Test
  void init_refuses_an_existing_config_file_and_writes_nothing() throws Exception {
    Files.writeString(repo.resolve("dbmigrate.properties"), "url = jdbc:postgresql://db/app\n");

    CliRunner.Result r = cli.run("init").assertExit(CONFIGURATION).assertOneLineError();

    assertTrue(r.err().contains("dbmigrate.properties already exist"), r::toString);
    assertEquals(
        "url = jdbc:postgresql://db/app\n", Files.readString(repo.resolve("dbmigrate.properties")));
    assertEquals(List.of(Path.of("dbmigrate.properties")), filesUnder(repo));
  }

  @Test
  void init_refuses_an_existing_migrations_folder_and_writes_nothing() throws Exception {
    Files.createDirectories(repo.resolve("migrations/sql"));
    Files.writeString(repo.resolve("migrations/sql/001.sql"), "create table t (id int);\n");

    CliRunner.Result r = cli.run("init").assertExit(CONFIGURATION);

    assertTrue(r.err().contains("migrations already exist"), r::toString);
    assertEquals(List.of(Path.of("migrations/sql/001.sql")), filesUnder(repo));
  }

  @Test
  void init_inside_an_existing_project_refuses_naming_its_config() throws Exception {
    Files.writeString(repo.resolve("dbmigrate.properties"), "");
    Path sub = Files.createDirectories(repo.resolve("services/billing"));

    CliRunner.Result r = cli.in(sub).run("init").assertExit(CONFIGURATION);

    assertTrue(r.err().contains(repo.resolve("dbmigrate.properties").toString()), r::toString);
    assertEquals(List.of(), filesUnder(sub));
  }

  @Test
  void init_adds_only_the_ignore_lines_an_existing_gitignore_lacks() throws Exception {
    Files.writeString(repo.resolve(".gitignore"), "target/\n/migrations/target/");

    cli.run("init").assertExit(ExitCodes.OK);

    List<String> lines = Files.readAllLines(repo.resolve(".gitignore"));
    assertEquals("target/", lines.get(0));
    assertEquals("/migrations/target/", lines.get(1));
    assertEquals(1, lines.stream().filter("/migrations/target/"::equals).count(), lines::toString);
    assertEquals("/.dbmigrate-cache/", lines.get(lines.size() - 1));

    // Run again in a repository that already has everything: refused, .gitignore unchanged.
    List<String> before = Files.readAllLines(repo.resolve(".gitignore"));
    cli.run("init").assertExit(CONFIGURATION);
    assertEquals(before, Files.readAllLines(repo.resolve(".gitignore")));
  }

  @Test
  void init_json_lists_what_it_wrote() throws Exception {
    CliRunner.Result r = cli.run("init", "--json").assertExit(ExitCodes.OK);

    @SuppressWarnings("unchecked")
    Map<String, Object> reply = (Map<String, Object>) MiniJson.parse(r.out());
    assertEquals(true, reply.get("success"));
    assertEquals(repo.toString(), reply.get("directory"));
    assertTrue(reply.get("written").toString().contains("migrations/pom.xml"), r::toString);
  }
}
