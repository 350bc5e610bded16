package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.source.MigrationFolders;
import dev.dbmigrate.engine.MigrationName;
import dev.dbmigrate.engine.lint.SqlScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code make --sql}: the up and down files of a new SQL migration, and the name checks {@code
 * make} needs for both kinds, since Java and SQL migrations share one set of timestamps.
 */
final class SqlMigrationMaker {

  private SqlMigrationMaker() {}

  /** Writes {@code <name>.up.sql} and {@code <name>.down.sql} into {@code dir}; returns both. */
  static List<Path> write(Path dir, MigrationName name) throws IOException {
    Files.createDirectories(dir);
    Path up = dir.resolve(name.upFileName());
    Path down = dir.resolve(name.downFileName());
    Files.writeString(up, upTemplate(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    Files.writeString(down, downTemplate(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    return List.of(up, down);
  }

  /** A SQL migration file of the description under the project's SQL folders, if one exists. */
  static Optional<Path> existing(Path migrationsDir, String description) throws IOException {
    return find(migrationsDir, f -> f.matches("\\d{14}_" + description + "\\.(up|down)\\.sql"));
  }

  static boolean timestampTaken(Path migrationsDir, String timestamp) throws IOException {
    return find(migrationsDir, f -> f.startsWith(timestamp + "_") && f.endsWith(".sql"))
        .isPresent();
  }

  private static Optional<Path> find(Path migrationsDir, java.util.function.Predicate<String> name)
      throws IOException {
    for (Path root : MigrationFolders.sqlRoots(migrationsDir)) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        Optional<Path> hit = files.filter(f -> name.test(f.getFileName().toString())).findFirst();
        if (hit.isPresent()) {
          return hit;
        }
      }
    }
    return Optional.empty();
  }

  static String upTemplate() {
    return """
        -- Statements run in order, each sent to PostgreSQL exactly as written, in one
        -- transaction with the history row. For CREATE INDEX CONCURRENTLY and other
        -- statements PostgreSQL refuses in a transaction, make the first line
        -- %s (each statement then commits on its own).
        --
        -- CREATE TABLE my_table (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
        """
        .formatted(SqlScript.NO_TRANSACTION_MARKER);
  }

  static String downTemplate() {
    return """
        -- Reverts the up file. Delete this file if the migration cannot be reverted:
        -- rollback and down then refuse it.
        --
        -- DROP TABLE my_table;
        """;
  }
}
