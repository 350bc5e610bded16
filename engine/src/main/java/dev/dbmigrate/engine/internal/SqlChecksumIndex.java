package dev.dbmigrate.engine.internal;

import dev.dbmigrate.engine.spi.SqlSyntax;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The checksums of SQL migration files as last read, by path, with the size and modification time
 * each file had then: a listing whose files all match reads none of them. The checksum depends on
 * the file's text, the syntax it was cut by and the checksum's definition, so each syntax has its
 * own file and the header names {@link #FORMAT}; a file of another header is ignored.
 *
 * <p>The index is only a shortcut: a missing, unreadable or damaged file is treated as empty, and a
 * failure to write it is ignored. It is written to a temporary file and renamed over the old one,
 * so two runs at once each leave a whole index (the last one's), never a mix.
 */
public final class SqlChecksumIndex {

  /**
   * Bump when {@code SqlScript.checksum()} or {@code MySqlScript}'s checksum changes, or when a
   * text that was refused would now be accepted or the other way round: every index kept under an
   * older format is then ignored and rebuilt.
   */
  static final int FORMAT = 1;

  /**
   * A file modified this recently when it was read is not recorded: on a file system whose clock
   * ticks coarsely (FAT's 2 s, a kernel tick on others) an edit right after the read could leave
   * the same size and time, and the index would keep the old checksum.
   */
  private static final long RACY_NANOS = TimeUnit.SECONDS.toNanos(2);

  /** A file as it was when its checksum was computed. */
  public record Stamp(long size, long modifiedNanos) {}

  private record Entry(Stamp stamp, String checksum) {}

  private final Path file;
  private final String header;
  private final Map<String, Entry> before;
  private final Map<String, Entry> listed = new HashMap<>();
  private final long racyAfterNanos;
  private boolean learned;

  private SqlChecksumIndex(Path file, String header, Map<String, Entry> before, long nowNanos) {
    this.file = file;
    this.header = header;
    this.before = before;
    this.racyAfterNanos = nowNanos - RACY_NANOS;
  }

  /** The index for {@code syntax} in {@code dir}; empty when there is none or it is unusable. */
  public static SqlChecksumIndex load(Path dir, SqlSyntax syntax) {
    String name = syntax.name().toLowerCase(Locale.ROOT);
    Path file = dir.resolve("sql-checksums-" + name);
    String header = "# dbmigrate sql checksums v" + FORMAT + " " + name;
    long now = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    return new SqlChecksumIndex(file, header, read(file, header), now);
  }

  private static Map<String, Entry> read(Path file, String header) {
    Map<String, Entry> entries = new HashMap<>();
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (lines.isEmpty() || !lines.get(0).equals(header)) {
        return Map.of();
      }
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split("\t", 4);
        if (f.length != 4 || !isChecksum(f[2])) {
          return Map.of();
        }
        Stamp stamp = new Stamp(Long.parseLong(f[0]), Long.parseLong(f[1]));
        entries.put(f[3], new Entry(stamp, f[2]));
      }
      return entries;
    } catch (IOException | NumberFormatException e) {
      // Missing, unreadable or damaged (not UTF-8, a bad number): it only costs reading the files.
      return Map.of();
    }
  }

  private static boolean isChecksum(String s) {
    if (s.length() != 64) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
        return false;
      }
    }
    return true;
  }

  /**
   * The checksum recorded for the file at {@code path} if it still has the size and time it had
   * then, else null. A file asked about is kept in the index with that checksum.
   */
  public String checksum(String path, Stamp stamp) {
    Entry e = before.get(path);
    if (e == null || !e.stamp().equals(stamp)) {
      return null;
    }
    listed.put(path, e);
    return e.checksum();
  }

  /** Records the checksum just computed from the text of a file that had {@code stamp}. */
  public void put(String path, Stamp stamp, String checksum) {
    if (stamp.modifiedNanos() < racyAfterNanos && path.indexOf('\n') < 0) {
      Entry e = new Entry(stamp, checksum);
      listed.put(path, e);
      learned |= !e.equals(before.get(path));
    }
  }

  /**
   * Writes the files asked about or recorded since {@link #load}, replacing those under {@code
   * roots} and keeping those of other folders; writes nothing when nothing changed.
   */
  public void save(List<Path> roots) {
    List<String> prefixes = roots.stream().map(r -> r + File.separator).toList();
    Map<String, Entry> others = new HashMap<>();
    boolean forgot = false;
    for (Map.Entry<String, Entry> e : before.entrySet()) {
      if (listed.containsKey(e.getKey())) {
        continue;
      }
      if (prefixes.stream().anyMatch(e.getKey()::startsWith)) {
        forgot = true; // gone, renamed, or no longer to be trusted
      } else {
        others.put(e.getKey(), e.getValue());
      }
    }
    if (!learned && !forgot) {
      return;
    }
    Map<String, Entry> next = new HashMap<>(listed);
    next.putAll(others);
    StringBuilder s = new StringBuilder(header).append('\n');
    next.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                s.append(e.getValue().stamp().size())
                    .append('\t')
                    .append(e.getValue().stamp().modifiedNanos())
                    .append('\t')
                    .append(e.getValue().checksum())
                    .append('\t')
                    .append(e.getKey())
                    .append('\n'));
    write(s.toString());
  }

  private void write(String text) {
    Path tmp = null;
    try {
      Files.createDirectories(Objects.requireNonNull(file.getParent()));
      tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // A cache that cannot be written costs the next run reading the files, nothing more.
      deleteQuietly(tmp);
    }
  }

  private static void deleteQuietly(Path tmp) {
    if (tmp == null) {
      return;
    }
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      // Left behind in the cache folder; harmless.
    }
  }
}
