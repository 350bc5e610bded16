package dev.dbmigrate.cli.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The compile cache's memory: for each source file, the size and modification time it had when it
 * was compiled, the hash of its text and its checksum. A run whose files all match needs neither to
 * read nor to compile any source.
 */
final class SourceIndex {

  /** One source file as last compiled. */
  record Entry(
      String relativePath, long size, long modifiedMillis, String textHash, String checksum) {}

  private static final String HEADER = "# dbmigrate compile cache v1";

  private final Path file;
  private final Map<String, Entry> entries;

  private SourceIndex(Path file, Map<String, Entry> entries) {
    this.file = file;
    this.entries = entries;
  }

  static SourceIndex load(Path file) {
    Map<String, Entry> entries = new HashMap<>();
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (!lines.isEmpty() && lines.get(0).equals(HEADER)) {
        for (String line : lines.subList(1, lines.size())) {
          String[] f = line.split("\t", -1);
          if (f.length == 5) {
            entries.put(
                f[0], new Entry(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), f[3], f[4]));
          }
        }
      }
    } catch (IOException | NumberFormatException e) {
      // A missing or damaged cache only costs a full compile.
      entries.clear();
    }
    return new SourceIndex(file, entries);
  }

  Entry get(String relativePath) {
    return entries.get(relativePath);
  }

  Map<String, Entry> entries() {
    return entries;
  }

  void put(Entry entry) {
    entries.put(entry.relativePath(), entry);
  }

  void remove(String relativePath) {
    entries.remove(relativePath);
  }

  /** Writes atomically, so two runs compiling at once never leave a half-written index. */
  void save() throws IOException {
    StringBuilder s = new StringBuilder(HEADER).append('\n');
    entries.values().stream()
        .sorted((a, b) -> a.relativePath().compareTo(b.relativePath()))
        .forEach(
            e ->
                s.append(e.relativePath())
                    .append('\t')
                    .append(e.size())
                    .append('\t')
                    .append(e.modifiedMillis())
                    .append('\t')
                    .append(e.textHash())
                    .append('\t')
                    .append(e.checksum())
                    .append('\n'));
    Path tmp = Files.createTempFile(file.getParent(), "index", ".tmp");
    Files.writeString(tmp, s, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
