package dev.dbmigrate.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The launcher's training run for the JVM's ahead-of-time cache (JDK 25 on), which records what one
 * process loads and links: so one process runs what every command starts with. {@code --help},
 * {@code --version}, {@code make}, {@code latest --dry-run --offline} (the compiler and jOOQ's
 * rendering), and {@code latest} and {@code status} against a port where nothing listens (the
 * engine and the driver up to the socket). A training has no database to log in to, so it then
 * loads the rest of the PostgreSQL driver's classes by name, as the static archive's class list
 * names them. Its output goes nowhere; nothing here is part of a command.
 *
 * <p>Usage: {@code java -XX:AOTCacheOutput=<file> -cp dbmigrate.jar dev.dbmigrate.cli.Training
 * <empty folder>}
 */
public final class Training {

  private Training() {}

  public static void main(String[] args) throws IOException {
    Path work = Path.of(args[0]).toAbsolutePath();
    String migrations = work.resolve("migrations").toString();
    Map<String, String> env = Map.of("DBMIGRATE_CACHE_DIR", work.resolve("cache").toString());
    String refused = "jdbc:postgresql://127.0.0.1:1/training";
    List<String[]> runs =
        List.of(
            new String[] {"--help"},
            new String[] {"--version"},
            new String[] {"latest", "--help"},
            new String[] {"make", "Training", "--migrations-dir", migrations},
            new String[] {"latest", "--dry-run", "--offline", "--migrations-dir", migrations},
            new String[] {
              "latest",
              "--lock-wait-timeout",
              "1s",
              "--url",
              refused,
              "--user",
              "training",
              "--migrations-dir",
              migrations
            },
            new String[] {
              "status", "--url", refused, "--user", "training", "--migrations-dir", migrations
            });
    PrintWriter nowhere =
        new PrintWriter(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    Files.createDirectories(work);
    for (String[] run : runs) {
      Cli.run(run, nowhere, nowhere, env, work);
    }
    loadDriverClasses();
  }

  /** Every class of the PostgreSQL driver's jar, loaded (not initialised) where it links. */
  private static void loadDriverClasses() throws IOException {
    ClassLoader loader = Training.class.getClassLoader();
    Path jar;
    try {
      jar =
          Path.of(
              Class.forName("org.postgresql.Driver", false, loader)
                  .getProtectionDomain()
                  .getCodeSource()
                  .getLocation()
                  .toURI());
    } catch (ClassNotFoundException | URISyntaxException | RuntimeException e) {
      return;
    }
    List<String> names = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        String entry = entries.nextElement().getName();
        if (entry.startsWith("org/postgresql/") && entry.endsWith(".class")) {
          names.add(entry.substring(0, entry.length() - ".class".length()).replace('/', '.'));
        }
      }
    }
    for (String name : names) {
      try {
        Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        // Optional parts of the driver whose libraries are not shipped (OSGi, JNA, Kerberos):
        // left out of the cache, as a real run never loads them either.
      }
    }
  }
}
