package dev.dbmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.testing.PostgresDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL files' checksum index in DBMIGRATE_CACHE_DIR, through the commands. "Not read" is shown
 * by swapping a file's text for a refused one of the same size and putting its time back (the tests
 * run as root, who reads a file without permissions); "the same as before" by running a command
 * again with an empty cache folder.
 */
class SqlChecksumIndexCliTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  /** Files are dated well before the run: one modified just before it is not indexed. */
  static final FileTime LONG_AGO = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));

  @TempDir Path tmp;
  CliRunner cli;
  Path sqlDir;
  DatabaseState state = new DatabaseState(db);
  int freshCaches;

  @BeforeEach
  void setUp() throws Exception {
    state.reset();
    sqlDir = Files.createDirectories(tmp.resolve("project/db/sql"));
    cli =
        CliRunner.forProject(db, tmp)
            .withEnv("DBMIGRATE_MIGRATIONS_DIR", sqlDir.toString())
            .in(tmp.resolve("project"));
    sql(
        "20260101000001_Widgets",
        "CREATE TABLE widgets (id int, name text);\n",
        "DROP TABLE widgets;\n");
    sql(
        "20260101000002_Seed",
        "INSERT INTO widgets VALUES (1, 'one');\n",
        "DELETE FROM widgets WHERE id = 1;\n");
  }

  private void sql(String name, String up, String down) throws Exception {
    for (Path p : List.of(sqlDir.resolve(name + ".up.sql"), sqlDir.resolve(name + ".down.sql"))) {
      Files.writeString(p, p.toString().endsWith(".up.sql") ? up : down);
      Files.setLastModifiedTime(p, LONG_AGO);
    }
  }

  private Path index() {
    return cli.cacheDir().resolve("sql-checksums-postgresql");
  }

  /** The same command with an empty cache folder, so every file is read as without an index. */
  private CliRunner.Result withoutIndex(String... args) {
    Path fresh = tmp.resolve("fresh-cache-" + freshCaches++);
    return cli.withEnv("DBMIGRATE_CACHE_DIR", fresh.toString()).run(args);
  }

  private List<Path> sqlFiles() throws Exception {
    try (Stream<Path> files = Files.list(sqlDir)) {
      return files.sorted().toList();
    }
  }

  /** Text of the file's size that the reader refuses (a psql meta-command), at the file's time. */
  private static void swapForRefusedText(Path p) throws Exception {
    FileTime time = Files.getLastModifiedTime(p);
    int size = (int) Files.size(p);
    String meta = "\\connect other\n";
    Files.writeString(p, meta + "-".repeat(size - meta.length() - 1) + "\n");
    Files.setLastModifiedTime(p, time);
    assertEquals(size, Files.size(p));
  }

  @Test
  void a_no_op_latest_and_status_read_no_sql_file() throws Exception {
    cli.run("latest").assertExit(0).assertNoStackTrace();
    for (Path p : sqlFiles()) {
      swapForRefusedText(p);
    }

    CliRunner.Result latest = cli.run("latest").assertExit(0).assertNoStackTrace();
    assertTrue(latest.out().contains("Already up to date"), latest::toString);
    cli.run("status").assertExit(0).assertNoStackTrace();
    cli.run("status", "--json").assertExit(0);

    CliRunner.Result read =
        withoutIndex("status").assertExit(ExitCodes.of(ErrorCode.INVALID_MIGRATIONS));
    assertTrue(read.err().contains("is a psql meta-command"), read::toString);
  }

  @Test
  void an_edit_of_the_same_size_at_a_new_time_is_a_checksum_mismatch_as_without_it()
      throws Exception {
    cli.run("latest").assertExit(0);
    Path seed = sqlDir.resolve("20260101000002_Seed.up.sql");
    Files.writeString(seed, "INSERT INTO widgets VALUES (2, 'one');\n");
    Files.setLastModifiedTime(seed, FileTime.from(LONG_AGO.toInstant().plusSeconds(1)));

    assertMismatchAsWithoutIndex();
  }

  @Test
  void an_edit_of_another_size_at_the_same_time_is_a_checksum_mismatch_as_without_it()
      throws Exception {
    cli.run("latest").assertExit(0);
    Path seed = sqlDir.resolve("20260101000002_Seed.up.sql");
    Files.writeString(seed, "INSERT INTO widgets VALUES (1, 'eins');\n");
    Files.setLastModifiedTime(seed, LONG_AGO);

    assertMismatchAsWithoutIndex();
  }

  private void assertMismatchAsWithoutIndex() {
    int mismatch = ExitCodes.of(ErrorCode.CHECKSUM_MISMATCH);
    for (String command : List.of("latest", "status")) {
      CliRunner.Result indexed = cli.run(command);
      CliRunner.Result unindexed = withoutIndex(command);
      assertEquals(unindexed.exitCode(), indexed.exitCode(), indexed::toString);
      assertEquals(unindexed.out(), indexed.out());
      assertEquals(unindexed.err(), indexed.err());
    }
    CliRunner.Result latest = cli.run("latest").assertExit(mismatch).assertNoStackTrace();
    assertTrue(latest.err().contains("20260101000002_Seed"), latest::toString);
  }

  @Test
  void commands_that_use_the_text_read_it_and_say_what_they_said_without_the_index()
      throws Exception {
    cli.run("latest").assertExit(0);
    sql(
        "20260101000003_Index",
        "CREATE INDEX widgets_name ON widgets (name);\n",
        "DROP INDEX widgets_name;\n");
    cli.run("status").assertExit(0); // indexes the pending file too
    String indexed = Files.readString(index());
    for (Path p : sqlFiles()) {
      if (p.toString().endsWith(".up.sql")) {
        assertTrue(indexed.contains("\t" + p + "\n"), () -> p + " is not in the index");
      }
    }

    List<List<String>> commands =
        List.of(
            List.of("lint"),
            List.of("latest", "--dry-run"),
            List.of("rollback", "--dry-run"),
            List.of("test"),
            List.of("drift"),
            List.of("status", "--json"));
    for (List<String> command : commands) {
      String[] args = command.toArray(String[]::new);
      CliRunner.Result withIndex = cli.run(args).assertNoStackTrace();
      CliRunner.Result without = withoutIndex(args);
      assertEquals(without.exitCode(), withIndex.exitCode(), command + ": " + withIndex);
      assertEquals(timeless(without.out()), timeless(withIndex.out()), command.toString());
    }
    CliRunner.Result lint = cli.run("lint");
    assertTrue(lint.out().contains("20260101000003_Index.up.sql:1"), lint::toString);

    cli.run("latest").assertExit(0).assertNoStackTrace();
    cli.run("rollback", "--all").assertExit(0).assertNoStackTrace();
    assertEquals(null, db.scalar("select to_regclass('public.widgets')"));
  }

  /** Durations and clock times differ between two runs of the same command. */
  private static String timeless(String out) {
    return out.replaceAll("\\d+(\\.\\d+)? ?(ms|s)\\b", "N ms")
        .replaceAll("\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z?", "TIME");
  }

  @Test
  void a_damaged_index_is_rebuilt_without_a_word() throws Exception {
    cli.run("latest").assertExit(0);
    String good = Files.readString(index());
    Files.write(
        index(), "# dbmigrate sql checksums v1 postgresql\n12\tx".getBytes(StandardCharsets.UTF_8));

    CliRunner.Result r = cli.run("latest").assertExit(0).assertNoStackTrace();
    assertEquals("", r.err(), r::toString);
    assertEquals(good, Files.readString(index()));
  }
}
