package dev.dbmigrate.cli.source;

import dev.dbmigrate.engine.AvailableMigration;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationClasses;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigrationName;
import dev.dbmigrate.engine.MigrationSource;
import dev.dbmigrate.engine.SourceChecksum;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Migrations straight from their {@code .java} files: the CLI compiles what changed since the last
 * run into a cache and loads classes from there, so {@code make}, edit, {@code latest} needs no
 * build step, and a run where nothing changed reads no source and starts no compiler.
 *
 * <p>Only changed migration files are recompiled, since migrations do not depend on each other. A
 * changed helper class (any class not named like a migration) recompiles everything, because a
 * migration may use it.
 */
public final class CompilingMigrationSource implements MigrationSource {

  private final Path sourceRoot;
  private final Path cacheDir;
  private final Consumer<String> warnings;
  private volatile boolean foundNone;

  public CompilingMigrationSource(Path sourceRoot, Path cacheDir) {
    this(sourceRoot, cacheDir, warning -> {});
  }

  /** As above; {@code warnings} gets one line for each file found that a person should look at. */
  public CompilingMigrationSource(Path sourceRoot, Path cacheDir, Consumer<String> warnings) {
    this.sourceRoot = sourceRoot.toAbsolutePath().normalize();
    this.cacheDir = cacheDir;
    this.warnings = warnings;
  }

  /** The folder the migrations are read from. */
  public Path sourceRoot() {
    return sourceRoot;
  }

  /** True when the last {@link #migrations()} found no migration at all in the folder. */
  public boolean foundNone() {
    return foundNone;
  }

  /**
   * The cache folder for a source root: under XDG_CACHE_HOME, or ~/.cache, by a hash of the root.
   */
  public static Path defaultCacheDir(Path sourceRoot, java.util.Map<String, String> env) {
    String explicit = env.get("DBMIGRATE_CACHE_DIR");
    if (explicit != null) {
      return Path.of(explicit);
    }
    String xdg = env.get("XDG_CACHE_HOME");
    Path base = xdg != null ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    String key = sha256(sourceRoot.toAbsolutePath().normalize().toString()).substring(0, 16);
    return base.resolve("dbmigrate").resolve(key);
  }

  @Override
  @SuppressWarnings("try") // the file lock is held for its block; nothing in the block reads it
  public List<AvailableMigration> migrations() {
    if (!Files.isDirectory(sourceRoot)) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "migrations folder "
              + sourceRoot
              + " does not exist; pass --migrations-dir, set"
              + " migrations-dir in dbmigrate.properties, or run from your project");
    }
    try {
      Path classes = cacheDir.resolve("classes");
      Files.createDirectories(classes);
      // Two runs started together share the cache: one must not delete classes the other loads.
      try (FileChannel lockFile =
              FileChannel.open(
                  cacheDir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = lockFile.lock()) {
        SourceIndex index = SourceIndex.load(cacheDir.resolve("index"));
        List<Source> sources = scan(index);
        compileChanged(sources, index, classes);
        List<AvailableMigration> found = toMigrations(sources, index, classes);
        foundNone = found.isEmpty();
        return found;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A source file as found on disk, and whether it differs from what was compiled. */
  private record Source(
      String relativePath,
      Path path,
      String className,
      long size,
      long modified,
      boolean changed,
      String text) {

    String simpleName() {
      return className.substring(className.lastIndexOf('.') + 1);
    }

    boolean isMigration() {
      return MigrationName.looksLikeMigration(simpleName());
    }
  }

  /**
   * Walks the folder once, with each file's attributes as the walk read them: a second look per
   * file would double the file system calls of a no-op run over a thousand migrations.
   */
  private List<Source> scan(SourceIndex index) throws IOException {
    List<Source> sources = new ArrayList<>();
    Files.walkFileTree(
        sourceRoot,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path p, BasicFileAttributes walked) throws IOException {
            // A link to a migration counts as the file it points to, as before the walk kept
            // the attributes it read.
            BasicFileAttributes a =
                walked.isSymbolicLink()
                    ? Files.readAttributes(p, BasicFileAttributes.class)
                    : walked;
            if (a.isRegularFile()) {
              scanFile(p, a, index, sources);
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return sources;
  }

  private void scanFile(Path p, BasicFileAttributes a, SourceIndex index, List<Source> sources)
      throws IOException {
    String rel = sourceRoot.relativize(p).toString().replace('\\', '/');
    if (!rel.endsWith(".java")) {
      warnIfLookalike(rel);
      return;
    }
    String className = rel.substring(0, rel.length() - ".java".length()).replace('/', '.');
    String simple = className.substring(className.lastIndexOf('.') + 1);
    if (MigrationName.looksMisnamed(simple)) {
      throw MigrationName.misnamed(simple, rel);
    }
    long modified = a.lastModifiedTime().toMillis();
    SourceIndex.Entry known = index.get(rel);
    if (known != null && known.size() == a.size() && known.modifiedMillis() == modified) {
      sources.add(new Source(rel, p, className, a.size(), modified, false, null));
      return;
    }
    String text = Files.readString(p, StandardCharsets.UTF_8);
    boolean changed = known == null || !known.textHash().equals(sha256(text));
    if (!changed) {
      // Touched but not edited: remember the new time, skip the compiler.
      index.put(new SourceIndex.Entry(rel, a.size(), modified, known.textHash(), known.checksum()));
    }
    sources.add(new Source(rel, p, className, a.size(), modified, changed, text));
  }

  /**
   * A file that is not Java but is named like a migration ({@code M20261201100009_Foo.java.orig},
   * {@code M20261201100009_Foo.kt}) is never run, which may or may not be meant: editors and merges
   * leave such copies. A warning, not a failure. SQL files are left to the SQL migration reader.
   */
  private void warnIfLookalike(String rel) {
    String file = rel.substring(rel.lastIndexOf('/') + 1);
    int dot = file.indexOf('.');
    String stem = dot < 0 ? file : file.substring(0, dot);
    if (file.endsWith(".sql") || file.startsWith(".")) {
      return;
    }
    if (MigrationName.looksLikeMigration(stem) || MigrationName.looksMisnamed(stem)) {
      warnings.accept(
          rel
              + " in "
              + sourceRoot
              + " is named like a migration but is not a .java file, so it is not run;"
              + " delete it if it is a leftover copy");
    }
  }

  private void compileChanged(List<Source> sources, SourceIndex index, Path classes)
      throws IOException {
    Set<String> present = new HashSet<>();
    sources.forEach(s -> present.add(s.relativePath()));
    boolean removedAny = false;
    for (String gone : new ArrayList<>(index.entries().keySet())) {
      if (!present.contains(gone)) {
        deleteClasses(classes, gone);
        index.remove(gone);
        removedAny = true;
      }
    }
    boolean helperChanged = sources.stream().anyMatch(s -> s.changed() && !s.isMigration());
    List<Source> toCompile =
        helperChanged ? sources : sources.stream().filter(Source::changed).toList();
    // Touched but not edited: read, and found unchanged; their new times are worth keeping.
    boolean touchedAny = sources.stream().anyMatch(s -> !s.changed() && s.text() != null);
    if (toCompile.isEmpty()) {
      if (removedAny || touchedAny) {
        index.save();
      }
      return;
    }
    for (Source s : toCompile) {
      deleteClasses(classes, s.relativePath());
    }
    try {
      SourceCompiler.compile(toCompile.stream().map(Source::path).toList(), classes, sourceRoot);
    } catch (MigrationException e) {
      // Their classes are deleted: forget them, so the next run compiles them again even when
      // their text is back to what was compiled before (an edit undone).
      toCompile.forEach(s -> index.remove(s.relativePath()));
      index.save();
      throw e;
    }
    for (Source s : toCompile) {
      String text =
          s.text() != null ? s.text() : Files.readString(s.path(), StandardCharsets.UTF_8);
      index.put(
          new SourceIndex.Entry(
              s.relativePath(), s.size(), s.modified(), sha256(text), SourceChecksum.of(text)));
    }
    index.save();
  }

  private List<AvailableMigration> toMigrations(
      List<Source> sources, SourceIndex index, Path classes) {
    ClassLoader loader = new URLClassLoader(new URL[] {url(classes)}, getClass().getClassLoader());
    List<AvailableMigration> found = new ArrayList<>();
    for (Source s : sources) {
      if (!s.isMigration()) {
        continue;
      }
      MigrationName name = MigrationName.ofClassName(s.simpleName());
      String checksum = index.get(s.relativePath()).checksum();
      String className = s.className();
      found.add(
          new AvailableMigration(
              name,
              checksum,
              sourceRoot.relativize(s.path()).toString(),
              () -> MigrationClasses.instantiate(loader, className, name)));
    }
    return found;
  }

  private static void deleteClasses(Path classes, String relativeSource) throws IOException {
    Path dir = classes.resolve(relativeSource).getParent();
    String simple = Path.of(relativeSource).getFileName().toString().replace(".java", "");
    if (dir == null || !Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String n = f.getFileName().toString();
        if (n.equals(simple + ".class") || n.startsWith(simple + "$")) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  private static URL url(Path p) {
    try {
      return p.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
