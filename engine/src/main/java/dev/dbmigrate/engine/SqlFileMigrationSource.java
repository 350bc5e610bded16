package dev.dbmigrate.engine;

import dev.dbmigrate.engine.spi.SqlSyntax;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * SQL migrations in folders: every {@code <yyyyMMddHHmmss>_<Description>.up.sql} (with its {@code
 * .down.sql}) anywhere under each root. A root that does not exist holds none. Origins are absolute
 * paths, so messages and lint locations lead to the file from anywhere.
 */
public final class SqlFileMigrationSource implements MigrationSource {

  private final List<Path> roots;

  public SqlFileMigrationSource(List<Path> roots) {
    this.roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
  }

  @Override
  public List<AvailableMigration> migrations() {
    return migrations(SqlSyntax.POSTGRESQL);
  }

  @Override
  public List<AvailableMigration> migrations(SqlSyntax syntax) {
    List<SqlMigrationFiles.Found> files = new ArrayList<>();
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(p -> MigrationName.looksLikeSqlMigration(p.getFileName().toString()))
            .filter(Files::isRegularFile)
            .sorted(Comparator.naturalOrder())
            .forEach(
                p ->
                    files.add(
                        new SqlMigrationFiles.Found(p.getFileName().toString(), p.toString())));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return SqlMigrationFiles.pair(files, SqlFileMigrationSource::read, syntax);
  }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
