package dev.dbmigrate.cli.source;

import dev.dbmigrate.engine.AvailableMigration;
import dev.dbmigrate.engine.MigrationSource;
import dev.dbmigrate.engine.SqlFileMigrationSource;
import dev.dbmigrate.engine.spi.SqlSyntax;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A project's migrations: Java classes under the migrations folder, and SQL files under it or, when
 * it is Maven's {@code src/main/java}, under the {@code src/main/resources} beside it. That
 * resources folder is what Maven packages into the jar, so the Lambda function finds the same SQL
 * files in {@code db/migration} on its classpath.
 */
public final class MigrationFolders implements MigrationSource {

  private final Path migrationsDir;
  private final CompilingMigrationSource java;
  private final SqlFileMigrationSource sql;
  private volatile boolean foundNone;

  /** {@code warnings} gets one line for each file found that a person should look at. */
  public MigrationFolders(Path migrationsDir, Path cacheDir, Consumer<String> warnings) {
    this.migrationsDir = migrationsDir.toAbsolutePath().normalize();
    this.java = new CompilingMigrationSource(this.migrationsDir, cacheDir, warnings);
    this.sql = new SqlFileMigrationSource(sqlRoots(this.migrationsDir), cacheDir);
  }

  @Override
  public List<AvailableMigration> migrations() {
    return migrations(SqlSyntax.POSTGRESQL);
  }

  @Override
  public List<AvailableMigration> migrations(SqlSyntax syntax) {
    List<AvailableMigration> all = new ArrayList<>();
    // A project of SQL files alone needs no Java folder; without either, the Java source says so.
    if (Files.isDirectory(migrationsDir) || !Files.isDirectory(sqlRoot(migrationsDir))) {
      all.addAll(java.migrations());
    }
    all.addAll(sql.migrations(syntax));
    foundNone = all.isEmpty();
    return all;
  }

  /** True when the last {@link #migrations()} found no migration at all, Java or SQL. */
  public boolean foundNone() {
    return foundNone;
  }

  public Path sourceRoot() {
    return migrationsDir;
  }

  /** The folders searched for SQL migration files. */
  public static List<Path> sqlRoots(Path migrationsDir) {
    Path dir = migrationsDir.toAbsolutePath().normalize();
    List<Path> roots = new ArrayList<>(List.of(dir));
    Path resources = sqlRoot(dir);
    if (!resources.equals(dir)) {
      roots.add(resources);
    }
    return roots;
  }

  /**
   * Where {@code make --sql} writes: {@code src/main/resources} beside a migrations folder that is
   * {@code src/main/java}, else the migrations folder itself.
   */
  public static Path sqlRoot(Path migrationsDir) {
    Path dir = migrationsDir.toAbsolutePath().normalize();
    if (dir.endsWith(Path.of("src", "main", "java"))) {
      return dir.resolveSibling("resources");
    }
    return dir;
  }
}
