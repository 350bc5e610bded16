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
 * The up file is read and checked when listed, since its checksum comes from its statements, unless
 * its checksum is already known (a folder source's index); the down file only when the migration is
 * loaded.
 */
public final class SqlMigrationFiles {

  /**
   * A file found.
   *
   * @param fileName its name without folders, e.g. 20260101000000_CreateUsers.up.sql
   * @param origin where it is (a path or a resource name), for messages and for {@code read}
   */
  public record Found(String fileName, String origin) {}

  /**
   * Checksums of up files known without reading them. A migration listed with a known checksum
   * reads its up file when loaded, and refuses a text whose checksum differs, since the known one
   * is what was checked against the history.
   */
  interface KnownChecksums {

    /** Nothing is known: every up file is read when listed. */
    KnownChecksums NONE =
        new KnownChecksums() {
          @Override
          public String checksum(Found up) {
            return null;
          }

          @Override
          public void computed(Found up, String checksum) {}
        };

    /** The checksum of {@code up}'s text as it is now, or null when it must be read. */
    String checksum(Found up);

    /** Tells the checksum just computed from {@code up}'s text. */
    void computed(Found up, String checksum);
  }

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
    return pair(files, read, syntax, KnownChecksums.NONE);
  }

  static List<AvailableMigration> pair(
      List<Found> files, Function<String, String> read, SqlSyntax syntax, KnownChecksums known) {
    // Keyed by the parsed name: each file name is parsed once, here.
    Map<MigrationName, Found> ups = new LinkedHashMap<>();
    Map<MigrationName, Found> downs = new LinkedHashMap<>();
    List<Map.Entry<MigrationName, Found>> extraUps = new ArrayList<>();
    for (Found f : files) {
      MigrationName name = MigrationName.ofSqlFileName(f.fileName());
      if (f.fileName().endsWith(".up.sql")) {
        if (ups.putIfAbsent(name, f) != null) {
          extraUps.add(Map.entry(name, f));
        }
      } else {
        downs.putIfAbsent(name, f);
      }
    }
    for (Map.Entry<MigrationName, Found> down : downs.entrySet()) {
      if (!ups.containsKey(down.getKey())) {
        throw new MigrationException(
            ErrorCode.INVALID_MIGRATIONS,
            down.getKey().toString(),
            "SQL migration file "
                + down.getValue().origin()
                + " has no up file "
                + down.getKey()
                + ".up.sql beside it; add the up file, or remove the down file",
            null);
      }
    }
    List<AvailableMigration> found = new ArrayList<>(ups.size() + extraUps.size());
    Reader reader = new Reader(read, syntax);
    ups.forEach((name, up) -> found.add(migration(name, up, downs.get(name), reader, known)));
    // A second up file of the same name stays in the list, so the duplicate check names both.
    extraUps.forEach(e -> found.add(migration(e.getKey(), e.getValue(), null, reader, known)));
    return found;
  }

  private static AvailableMigration migration(
      MigrationName name, Found up, Found down, Reader reader, KnownChecksums known) {
    String downOrigin = down == null ? null : down.origin();
    String listed = known.checksum(up);
    if (listed != null) {
      return new AvailableMigration(
          name,
          listed,
          up.origin(),
          () -> reader.migration(up.origin(), reader.unchanged(up.origin(), listed), downOrigin));
    }
    SqlScript upScript = reader.parse(up.origin());
    known.computed(up, upScript.checksum());
    return new AvailableMigration(
        name,
        upScript.checksum(),
        up.origin(),
        () -> reader.migration(up.origin(), upScript, downOrigin));
  }

  /** Reads and cuts files with one syntax's rules. */
  private record Reader(Function<String, String> read, SqlSyntax syntax) {

    SqlScript parse(String origin) {
      return SqlRunner.parse(text(origin), origin, syntax);
    }

    SqlMigration migration(String upOrigin, SqlScript up, String downOrigin) {
      return new SqlMigration(
          upOrigin, up, downOrigin, downOrigin == null ? null : parse(downOrigin));
    }

    /** The up file's script, provided it still has the checksum it was listed with. */
    SqlScript unchanged(String origin, String listed) {
      SqlScript script = parse(origin);
      if (!script.checksum().equals(listed)) {
        throw new MigrationException(
            ErrorCode.INVALID_MIGRATIONS,
            origin,
            "SQL migration file "
                + origin
                + " changed after this run listed it (checksum "
                + SourceChecksum.shortForm(listed)
                + " then, "
                + SourceChecksum.shortForm(script.checksum())
                + " now), so it was not used; run again to check the new text against the history",
            null);
      }
      return script;
    }

    private String text(String origin) {
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
}
