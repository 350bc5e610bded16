package dev.dbmigrate.engine;

import dev.dbmigrate.engine.internal.SqlChecksumIndex;
import dev.dbmigrate.engine.spi.SqlSyntax;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * SQL migrations in folders: every {@code <yyyyMMddHHmmss>_<Description>.up.sql} (with its {@code
 * .down.sql}) anywhere under each root. A root that does not exist holds none. Origins are absolute
 * paths, so messages and lint locations lead to the file from anywhere.
 *
 * <p>Given an index folder, it keeps each up file's checksum there with the file's size and
 * modification time, and lists a file that still has both without reading it; the file is read when
 * its migration is loaded (run, linted, dry-run), and refused then if its text no longer has that
 * checksum.
 */
public final class SqlFileMigrationSource implements MigrationSource {

  private final List<Path> roots;
  private final Path indexDir;

  /** A source that reads every up file each time it lists them. */
  public SqlFileMigrationSource(List<Path> roots) {
    this(roots, null);
  }

  /**
   * A source that keeps the checksums of the files it read in {@code indexDir} (created when
   * needed), or in none when it is null.
   */
  public SqlFileMigrationSource(List<Path> roots, Path indexDir) {
    this.roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
    this.indexDir = indexDir;
  }

  @Override
  public List<AvailableMigration> migrations() {
    return migrations(SqlSyntax.POSTGRESQL);
  }

  @Override
  public List<AvailableMigration> migrations(SqlSyntax syntax) {
    List<Walked> walked = new ArrayList<>();
    for (Path root : roots) {
      if (Files.isDirectory(root)) {
        walked.addAll(walk(root));
      }
    }
    List<SqlMigrationFiles.Found> files = new ArrayList<>(walked.size());
    Map<String, SqlChecksumIndex.Stamp> found = new HashMap<>();
    for (Walked w : walked) {
      files.add(
          new SqlMigrationFiles.Found(w.path().getFileName().toString(), w.path().toString()));
      found.put(w.path().toString(), w.stamp());
    }
    if (indexDir == null) {
      return SqlMigrationFiles.pair(files, SqlFileMigrationSource::read, syntax);
    }
    Indexed indexed = new Indexed(SqlChecksumIndex.load(indexDir, syntax), found);
    List<AvailableMigration> migrations =
        SqlMigrationFiles.pair(files, SqlFileMigrationSource::read, syntax, indexed);
    // Only once every file passed: an index never holds a file the listing refused.
    indexed.index.save(roots);
    return migrations;
  }

  /**
   * Collects the migration files under {@code root} with the size and time the walk read, so each
   * file costs one look at the file system.
   */
  private static List<Walked> walk(Path root) {
    List<Walked> found = new ArrayList<>();
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path p, BasicFileAttributes walked)
                throws IOException {
              if (!MigrationName.looksLikeSqlMigration(p.getFileName().toString())) {
                return FileVisitResult.CONTINUE;
              }
              // A link to a file counts as the file it points to.
              BasicFileAttributes a =
                  walked.isSymbolicLink()
                      ? Files.readAttributes(p, BasicFileAttributes.class)
                      : walked;
              if (a.isRegularFile()) {
                found.add(
                    new Walked(
                        p,
                        new SqlChecksumIndex.Stamp(
                            a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS))));
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    found.sort(Comparator.comparing(Walked::path));
    return found;
  }

  private record Walked(Path path, SqlChecksumIndex.Stamp stamp) {}

  /** The index seen through the size and time each file had when the walk found it. */
  private record Indexed(SqlChecksumIndex index, Map<String, SqlChecksumIndex.Stamp> found)
      implements SqlMigrationFiles.KnownChecksums {

    @Override
    public String checksum(SqlMigrationFiles.Found up) {
      return index.checksum(up.origin(), stamp(up));
    }

    @Override
    public void computed(SqlMigrationFiles.Found up, String checksum) {
      // The time from before the file was read: a later edit shows as a newer time next run.
      index.put(up.origin(), stamp(up), checksum);
    }

    private SqlChecksumIndex.Stamp stamp(SqlMigrationFiles.Found up) {
      return found.get(up.origin());
    }
  }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
