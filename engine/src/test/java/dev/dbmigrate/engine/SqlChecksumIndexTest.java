package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.engine.spi.SqlSyntax;
import dev.dbmigrate.testing.PostgresDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL files' checksum index: an up file that kept its size and modification time is listed
 * without being read. Tests prove "not read" by replacing a file's text with text of the same size
 * that would be refused if it were read (a psql meta-command) and putting its time back; the tests
 * run as root, for whom a file without permissions is still readable.
 */
class SqlChecksumIndexTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  /** Files are dated well before the run: one modified just before it is not indexed. */
  static final FileTime LONG_AGO = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));

  static final String CREATE = "CREATE TABLE widgets (id int);\n";
  static final String INSERT = "INSERT INTO widgets VALUES (1);\n";

  @TempDir Path tmp;
  Path dir;
  Path index;

  @BeforeEach
  void setUp() throws Exception {
    db.execute("drop schema public cascade; create schema public");
    dir = Files.createDirectories(tmp.resolve("sql"));
    index = tmp.resolve("cache");
  }

  private Path write(String fileName, String text, FileTime time) throws Exception {
    Path p = dir.resolve(fileName);
    Files.writeString(p, text);
    Files.setLastModifiedTime(p, time);
    return p;
  }

  private void twoMigrations() throws Exception {
    write("20260101000001_Create.up.sql", CREATE, LONG_AGO);
    write("20260101000001_Create.down.sql", "DROP TABLE widgets;\n", LONG_AGO);
    write("20260101000002_Insert.up.sql", INSERT, LONG_AGO);
  }

  private Migrator migrator(MigrationSource source) {
    return new Migrator(
        db.dataSource(),
        source,
        MigratorConfig.defaults().withAppliedBy("test@host"),
        MigrationListener.NONE);
  }

  private Migrator indexed() {
    return migrator(new SqlFileMigrationSource(List.of(dir), index));
  }

  private Migrator unindexed() {
    return migrator(new SqlFileMigrationSource(List.of(dir)));
  }

  /** Text of {@code text}'s length in bytes that the reader refuses: a psql meta-command. */
  private static String refusedOfSameSize(String text) {
    int size = text.getBytes(StandardCharsets.UTF_8).length;
    String meta = "\\connect other\n";
    return meta + "-".repeat(size - meta.length() - 1) + "\n";
  }

  /** Replaces the text, keeping the file's size and time, so only reading it can tell. */
  private static void swapKeepingSizeAndTime(Path p, String text) throws Exception {
    FileTime time = Files.getLastModifiedTime(p);
    long size = Files.size(p);
    Files.writeString(p, text);
    Files.setLastModifiedTime(p, time);
    assertEquals(size, Files.size(p), "the test must keep the size");
  }

  @Test
  void a_run_with_nothing_changed_reads_no_up_file() throws Exception {
    twoMigrations();
    indexed().latest();
    Path create = dir.resolve("20260101000001_Create.up.sql");
    Path insert = dir.resolve("20260101000002_Insert.up.sql");
    String checksum = checksumOf(new SqlFileMigrationSource(List.of(dir)), create);
    swapKeepingSizeAndTime(create, refusedOfSameSize(CREATE));
    swapKeepingSizeAndTime(insert, refusedOfSameSize(INSERT));

    assertTrue(indexed().status().upToDate());
    assertEquals(0, indexed().latest().executed().size());
    assertEquals(checksum, checksumOf(new SqlFileMigrationSource(List.of(dir), index), create));
    MigrationException unindexed = assertThrows(MigrationException.class, unindexed()::status);
    assertEquals(ErrorCode.INVALID_MIGRATIONS, unindexed.code(), "a read file is refused");
  }

  @Test
  void an_edit_of_the_same_size_at_a_new_time_is_a_checksum_mismatch_as_without_the_index()
      throws Exception {
    twoMigrations();
    indexed().latest();
    Path insert = dir.resolve("20260101000002_Insert.up.sql");
    Files.writeString(insert, INSERT.replace('1', '2'));
    Files.setLastModifiedTime(insert, FileTime.from(LONG_AGO.toInstant().plusSeconds(1)));

    assertSameMismatch();
  }

  @Test
  void an_edit_of_another_size_at_the_same_time_is_a_checksum_mismatch_as_without_the_index()
      throws Exception {
    twoMigrations();
    indexed().latest();
    Path insert = dir.resolve("20260101000002_Insert.up.sql");
    Files.writeString(insert, INSERT.replace("1", "12"));
    Files.setLastModifiedTime(insert, LONG_AGO);

    assertSameMismatch();
  }

  private void assertSameMismatch() {
    MigrationException indexed = assertThrows(MigrationException.class, indexed()::latest);
    MigrationException unindexed = assertThrows(MigrationException.class, unindexed()::latest);
    assertEquals(ErrorCode.CHECKSUM_MISMATCH, indexed.code(), indexed::getMessage);
    assertEquals(unindexed.getMessage(), indexed.getMessage());
    assertEquals(
        MigrationState.CHANGED,
        indexed().status().migrations().stream()
            .filter(m -> m.name().equals("20260101000002_Insert"))
            .findFirst()
            .orElseThrow()
            .state(),
        "status sees the edit too");
    // Noticed again on the next run: the index took the new checksum, not the old one.
    assertEquals(
        unindexed.getMessage(),
        assertThrows(MigrationException.class, indexed()::latest).getMessage());
  }

  @Test
  void a_file_changed_between_listing_and_running_is_refused_and_nothing_runs() throws Exception {
    twoMigrations();
    indexed().status(); // indexes both pending files
    Path insert = dir.resolve("20260101000002_Insert.up.sql");
    MigrationSource source = new SqlFileMigrationSource(List.of(dir), index);
    MigrationSource editedAfterListing =
        new MigrationSource() {
          @Override
          public List<AvailableMigration> migrations() {
            return migrations(SqlSyntax.POSTGRESQL);
          }

          @Override
          public List<AvailableMigration> migrations(SqlSyntax syntax) {
            List<AvailableMigration> listed = source.migrations(syntax);
            try {
              Files.writeString(insert, "INSERT INTO widgets VALUES (666);\n");
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            return listed;
          }
        };

    MigrationException e =
        assertThrows(MigrationException.class, migrator(editedAfterListing)::latest);

    assertEquals(ErrorCode.INVALID_MIGRATIONS, e.code());
    assertTrue(e.getMessage().contains(insert.toString()), e::getMessage);
    assertTrue(e.getMessage().contains("changed after this run listed it"), e::getMessage);
    assertTrue(e.getMessage().contains("run again"), e::getMessage);
    assertEquals(null, db.scalar("select to_regclass('public.widgets')"), "nothing ran");
    indexed().latest();
    assertEquals(666, ((Number) db.scalar("select id from widgets")).intValue());
  }

  @Test
  void a_damaged_index_is_ignored_and_rebuilt() throws Exception {
    twoMigrations();
    indexed().latest();
    Path file = index.resolve("sql-checksums-postgresql");
    String good = Files.readString(file);
    List<byte[]> damaged =
        List.of(
            new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2},
            good.substring(0, good.length() / 2).getBytes(StandardCharsets.UTF_8),
            good.replaceFirst("\n\\d+\t", "\nnot-a-size\t").getBytes(StandardCharsets.UTF_8),
            new byte[0]);
    for (byte[] bytes : damaged) {
      Files.write(file, bytes);
      assertTrue(indexed().status().upToDate());
      assertEquals(good, Files.readString(file), "rebuilt as it was");
    }
    Files.delete(file);
    Files.createDirectory(file); // unreadable as a file, and cannot be replaced
    assertTrue(indexed().status().upToDate());
  }

  @Test
  void an_index_of_another_format_or_syntax_is_not_used() throws Exception {
    twoMigrations();
    indexed().latest();
    Path create = dir.resolve("20260101000001_Create.up.sql");
    Path postgres = index.resolve("sql-checksums-postgresql");
    String good = Files.readString(postgres);
    String real = checksumOf(new SqlFileMigrationSource(List.of(dir)), create);
    String wrong = good.replace(real, "0".repeat(64));

    Files.writeString(postgres, wrong.replace(" v1 ", " v0 "));
    assertTrue(indexed().status().upToDate(), "an older format's checksum is not trusted");
    assertEquals(good, Files.readString(postgres));

    Files.writeString(index.resolve("sql-checksums-mysql"), wrong.replace("postgresql", "mysql"));
    assertEquals(
        real,
        checksumOf(new SqlFileMigrationSource(List.of(dir), index), create),
        "another syntax's index is not read");
  }

  @Test
  void a_file_modified_just_before_the_run_is_read_again_next_time() throws Exception {
    write("20260101000001_Create.up.sql", CREATE, FileTime.from(Instant.now()));
    indexed().latest();
    Path create = dir.resolve("20260101000001_Create.up.sql");
    // A second edit in the same clock tick would keep size and time: the file must not be trusted.
    swapKeepingSizeAndTime(create, refusedOfSameSize(CREATE));
    assertThrows(MigrationException.class, indexed()::status);
  }

  @Test
  void runs_listing_at_once_leave_a_whole_index() throws Exception {
    for (int i = 1; i <= 200; i++) {
      String name = String.format("20260101%02d%02d00_M%d.up.sql", i / 60, i % 60, i);
      write(name, "SELECT " + i + ";\n", LONG_AGO);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<AvailableMigration>>> runs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        runs.add(pool.submit(() -> new SqlFileMigrationSource(List.of(dir), index).migrations()));
      }
      for (Future<List<AvailableMigration>> run : runs) {
        assertEquals(200, run.get().size());
      }
    } finally {
      pool.shutdownNow();
    }
    List<String> lines = Files.readAllLines(index.resolve("sql-checksums-postgresql"));
    assertEquals(201, lines.size());
    try (var leftovers = Files.list(index)) {
      assertFalse(leftovers.anyMatch(p -> p.toString().endsWith(".tmp")), "no temporary file");
    }
  }

  @Test
  void names_and_pairs_are_checked_with_the_index_as_without_it() throws Exception {
    twoMigrations();
    indexed().latest();
    write("20260101000003_Orphan.down.sql", "SELECT 1;\n", LONG_AGO);
    MigrationException indexed = assertThrows(MigrationException.class, indexed()::status);
    MigrationException unindexed = assertThrows(MigrationException.class, unindexed()::status);
    assertEquals(unindexed.code(), indexed.code());
    assertEquals(unindexed.getMessage(), indexed.getMessage());
  }

  private static String checksumOf(SqlFileMigrationSource source, Path upFile) {
    return source.migrations(SqlSyntax.POSTGRESQL).stream()
        .filter(m -> m.origin().equals(upFile.toString()))
        .findFirst()
        .orElseThrow()
        .checksum();
  }
}
