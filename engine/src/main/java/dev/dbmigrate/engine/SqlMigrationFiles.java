package dev.dbmigrate.engine;

import dev.dbmigrate.engine.internal.SqlRunner;
import dev.dbmigrate.engine.lint.SqlScript;
import dev.dbmigrate.engine.spi.SqlSyntax;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns the SQL migration files a source found, wherever it found them (a folder, a jar), into
 * migrations: each {@code .up.sql} with the {@code .down.sql} of the same name, if there is one.
 * The up file is read and checked when listed, since its checksum comes from its statements; the
 * down file only when the migration is loaded.
 */
public final class SqlMigrationFiles {

  /**
   * A file found.
   *
   * @param fileName its name without folders, e.g. 20260101000000_CreateUsers.up.sql
   * @param origin where it is (a path or a resource name), for messages and for {@code read}
   */
  public record Found(String fileName, String origin) {}

  private SqlMigrationFiles() {}

  /**
   * Pairs up and down files; {@code read} returns the text of the file at an origin.
   *
   * @throws MigrationException {@link ErrorCode#INVALID_MIGRATIONS} for a badly named file, a down
   *     file without its up file, or an up file that psql-only syntax keeps from running
   */
  public static List<AvailableMigration> pair(List<Found> files, Function<String, String> read) {
    return pair(files, read, SqlSyntax.POSTGRESQL);
  }

  /** As {@link #pair(List, Function)}, reading each file with the rules of {@code syntax}. */
  public static List<AvailableMigration> pair(
      List<Found> files, Function<String, String> read, SqlSyntax syntax) {
    Map<String, Found> ups = new LinkedHashMap<>();
    Map<String, Found> downs = new LinkedHashMap<>();
    List<Found> extraUps = new ArrayList<>();
    for (Found f : files) {
      String name = MigrationName.ofSqlFileName(f.fileName()).toString();
      if (f.fileName().endsWith(".up.sql")) {
        if (ups.putIfAbsent(name, f) != null) {
          extraUps.add(f);
        }
      } else {
        downs.putIfAbsent(name, f);
      }
    }
    for (Map.Entry<String, Found> down : downs.entrySet()) {
      if (!ups.containsKey(down.getKey())) {
        throw new MigrationException(
            ErrorCode.INVALID_MIGRATIONS,
            down.getKey(),
            "SQL migration file "
                + down.getValue().origin()
                + " has no up file "
                + down.getKey()
                + ".up.sql beside it; add the up file, or remove the down file",
            null);
      }
    }
    List<AvailableMigration> found = new ArrayList<>(ups.size() + extraUps.size());
    ups.values().forEach(up -> found.add(migration(up, downs.get(nameOf(up)), read, syntax)));
    // A second up file of the same name stays in the list, so the duplicate check names both.
    extraUps.forEach(up -> found.add(migration(up, null, read, syntax)));
    return found;
  }

  private static String nameOf(Found f) {
    return MigrationName.ofSqlFileName(f.fileName()).toString();
  }

  private static AvailableMigration migration(
      Found up, Found down, Function<String, String> read, SqlSyntax syntax) {
    MigrationName name = MigrationName.ofSqlFileName(up.fileName());
    SqlScript upScript = SqlRunner.parse(text(read, up.origin()), up.origin(), syntax);
    String downOrigin = down == null ? null : down.origin();
    return new AvailableMigration(
        name,
        upScript.checksum(),
        up.origin(),
        () ->
            new SqlMigration(
                up.origin(),
                upScript,
                downOrigin,
                downOrigin == null
                    ? null
                    : SqlRunner.parse(text(read, downOrigin), downOrigin, syntax)));
  }

  private static String text(Function<String, String> read, String origin) {
    try {
      return read.apply(origin);
    } catch (UncheckedIOException e) {
      throw new MigrationException(
          ErrorCode.INVALID_MIGRATIONS,
          origin,
          "cannot read SQL migration file " + origin + ": " + e.getCause().getMessage(),
          e);
    }
  }
}
