package dev.dbmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.PostgresDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MakeCommandTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  private static final Pattern CREATED = Pattern.compile("Created migration: (\\S+)");

  @TempDir Path tmp;
  CliRunner cli;
  DatabaseState state = new DatabaseState(db);

  @BeforeEach
  void setUp() throws Exception {
    state.reset();
    cli = CliRunner.forProject(db, tmp);
  }

  /** Runs make, asserts success, and returns the path it printed. */
  private Path make(String name) {
    CliRunner.Result r = cli.run("make", name).assertExit(ExitCodes.OK);
    Matcher m = CREATED.matcher(r.out());
    assertTrue(m.find(), r::toString);
    return Path.of(m.group(1));
  }

  private List<Path> migrationFiles() throws Exception {
    if (!Files.isDirectory(cli.migrationsDir())) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(cli.migrationsDir())) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void make_writes_timestamped_class_in_package_folder_and_prints_its_path() throws Exception {
    LocalDateTime before = LocalDateTime.now(ZoneOffset.UTC).withNano(0);
    Path file = make("CreateUsers");
    LocalDateTime after = LocalDateTime.now(ZoneOffset.UTC);

    assertEquals(cli.migrationsDir().resolve("db/migration"), file.getParent());
    assertTrue(Files.isRegularFile(file), file + " was not written");
    String fileName = file.getFileName().toString();
    Matcher m = Pattern.compile("M(\\d{14})_CreateUsers\\.java").matcher(fileName);
    assertTrue(m.matches(), fileName);
    LocalDateTime stamped =
        LocalDateTime.parse(m.group(1), DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
    assertTrue(
        !stamped.isBefore(before) && !stamped.isAfter(after.plusSeconds(1)),
        "timestamp "
            + stamped
            + " is not the UTC time of the make, between "
            + before
            + " and "
            + after);
    String source = Files.readString(file);
    assertTrue(source.contains("package db.migration;"), source);
    assertTrue(
        source.contains("public class M" + m.group(1) + "_CreateUsers implements Migration"),
        source);
    assertEquals(List.of(file), migrationFiles());
  }

  @Test
  void made_migration_compiles_and_latest_applies_it_without_a_build_step() throws Exception {
    Path file = make("CreateWidgets");
    String className = file.getFileName().toString().replace(".java", "");

    CliRunner.Result r = cli.run("latest").assertExit(ExitCodes.OK);

    assertTrue(r.out().contains("Batch 1 run: 1 migration"), r::toString);
    assertEquals(List.of(className.substring(1)), state.history());
  }

  @Test
  void made_migration_edited_with_real_sql_creates_its_table() throws Exception {
    Path file = make("CreateGadgets");
    String source =
        Files.readString(file)
            .replaceFirst(
                "(public void up\\(DSLContext db\\) throws Exception \\{)",
                "$1\n    db.createTable(\"gadgets\").column(\"id\", BIGINT.identity(true)).primaryKey(\"id\").execute();")
            .replaceFirst(
                "(public void down\\(DSLContext db\\) \\{)",
                "$1\n    db.dropTable(\"gadgets\").execute();");
    Files.writeString(file, source);

    cli.run("latest").assertExit(ExitCodes.OK);
    assertTrue(state.tableExists("gadgets"));

    cli.run("rollback").assertExit(ExitCodes.OK);
    assertTrue(!state.tableExists("gadgets"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1CreateUsers", "create-users", "Create Users", "Création", "_Leading"})
  void make_refuses_a_name_that_is_not_an_identifier(String name) throws Exception {
    CliRunner.Result r =
        cli.run("make", name).assertExit(3).assertNoStackTrace().assertOneLineError();

    assertTrue(r.err().contains("'" + name + "' is not a valid name"), r::toString);
    assertEquals(List.of(), migrationFiles());
  }

  @Test
  void make_refuses_a_name_that_already_exists() throws Exception {
    Path first = make("AddEmail");

    CliRunner.Result r =
        cli.run("make", "AddEmail").assertExit(3).assertNoStackTrace().assertOneLineError();

    assertTrue(r.err().contains("a migration named AddEmail already exists"), r::toString);
    assertTrue(r.err().contains(first.getFileName().toString()), r::toString);
    assertEquals(List.of(first), migrationFiles());
  }

  @Test
  void two_makes_in_the_same_second_get_distinct_timestamps() throws Exception {
    Path a = make("First");
    Path b = make("Second");
    String tsA = a.getFileName().toString().substring(1, 15);
    String tsB = b.getFileName().toString().substring(1, 15);
    assertNotEquals(tsA, tsB);
    assertTrue(tsA.compareTo(tsB) < 0, tsA + " should sort before " + tsB);

    // Both apply, in the order they were made.
    cli.run("latest").assertExit(ExitCodes.OK);
    assertEquals(List.of(tsA + "_First", tsB + "_Second"), state.history());
  }

  @Test
  void make_with_json_prints_the_path_as_data() throws Exception {
    CliRunner.Result r = cli.run("make", "--json", "AddIndex").assertExit(ExitCodes.OK);
    Object json = MiniJson.parse(r.out());
    assertEquals("make", MiniJson.at(json, "command"));
    Path path = Path.of((String) MiniJson.at(json, "path"));
    assertEquals(List.of(path), migrationFiles());
  }

  @Test
  void make_outside_any_project_refuses_says_how_to_start_one_and_writes_nothing()
      throws Exception {
    Path nowhere = Files.createDirectories(tmp.resolve("nowhere"));
    CliRunner outside = cli.withoutEnv("DBMIGRATE_MIGRATIONS_DIR").in(nowhere);

    CliRunner.Result r =
        outside.run("make", "CreateUsers").assertExit(3).assertNoStackTrace().assertOneLineError();

    assertTrue(r.err().contains("no dbmigrate project here"), r::toString);
    assertTrue(r.err().contains("dbmigrate init"), r::toString);
    assertTrue(r.err().contains("--migrations-dir"), r::toString);
    try (Stream<Path> left = Files.list(nowhere)) {
      assertEquals(List.of(), left.toList(), "make wrote outside a project");
    }
  }

  @Test
  void make_in_a_new_project_says_it_creates_the_migrations_folder() throws Exception {
    Path project = Files.createDirectories(tmp.resolve("project"));
    Files.writeString(project.resolve("dbmigrate.properties"), "");
    CliRunner inProject = cli.withoutEnv("DBMIGRATE_MIGRATIONS_DIR").in(project);

    CliRunner.Result r = inProject.run("make", "CreateUsers").assertExit(ExitCodes.OK);

    Path folder = project.resolve("migrations/src/main/java/db/migration");
    assertTrue(r.out().startsWith("Created folder: " + folder + "\n"), r::toString);
    assertTrue(Files.isDirectory(folder));
    CliRunner.Result second = inProject.run("make", "CreateOrders").assertExit(ExitCodes.OK);
    assertFalse(second.out().contains("Created folder"), second::toString);
  }

  @Test
  void make_needs_no_database() throws Exception {
    CliRunner offline = cli.withEnv("DBMIGRATE_URL", "jdbc:postgresql://127.0.0.1:1/nowhere");
    offline.run("make", "Offline").assertExit(ExitCodes.OK);
    assertEquals(1, migrationFiles().size());
  }
}
