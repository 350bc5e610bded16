package dev.dbmigrate.cli.bundle;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a jar whose bytes depend only on its entries' names and contents: entries in name order
 * (the manifest first, as jar readers expect), every directory an entry of its own, one fixed
 * modification time stored without a time zone, and no file system attributes.
 */
final class ReproducibleJar {

  /** The time of every entry: the earliest a zip stores without an extra field. */
  static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 2, 1, 0, 0);

  private static final List<String> FIRST = List.of("META-INF/", "META-INF/MANIFEST.MF");

  private final Map<String, byte[]> files = new TreeMap<>();

  /** Adds a file; false (and nothing changes) when one of that name is already there. */
  boolean add(String name, byte[] content) {
    if (name.endsWith("/") || files.containsKey(name)) {
      return false;
    }
    files.put(name, content);
    return true;
  }

  boolean contains(String name) {
    return files.containsKey(name);
  }

  int size() {
    return files.size();
  }

  /** Writes the jar to a file next to {@code out} and moves it into place, so no half jar stays. */
  void writeTo(Path out) throws IOException {
    Path dir = out.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, out.getFileName().toString(), ".tmp");
    try {
      try (OutputStream file = Files.newOutputStream(tmp);
          ZipOutputStream zip = new ZipOutputStream(file)) {
        for (String name : entryOrder()) {
          ZipEntry entry = new ZipEntry(name);
          entry.setTimeLocal(ENTRY_TIME);
          zip.putNextEntry(entry);
          byte[] content = files.get(name);
          if (content != null) {
            zip.write(content);
          }
          zip.closeEntry();
        }
      }
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Every file and every folder above one, sorted, with the manifest's two entries first. */
  private List<String> entryOrder() {
    TreeMap<String, Boolean> names = new TreeMap<>();
    for (String file : files.keySet()) {
      names.put(file, true);
      for (int slash = file.indexOf('/'); slash >= 0; slash = file.indexOf('/', slash + 1)) {
        names.put(file.substring(0, slash + 1), false);
      }
    }
    Comparator<String> manifestFirst =
        Comparator.comparingInt((String n) -> FIRST.contains(n) ? FIRST.indexOf(n) : FIRST.size());
    return names.keySet().stream().sorted(manifestFirst.thenComparing(n -> n)).toList();
  }
}
