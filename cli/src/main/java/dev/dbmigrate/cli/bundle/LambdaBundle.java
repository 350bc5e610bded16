package dev.dbmigrate.cli.bundle;

import dev.dbmigrate.cli.source.CompilingMigrationSource;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The migration function's deployment artifact for a team's migrations: the function without
 * migrations ({@code dbmigrate-lambda-runtime.jar}), the migrations' classes compiled here, their
 * {@code .java} sources next to them (the function computes checksums from them), and the files of
 * the resources folder (SQL migrations). The same inputs give the same bytes.
 */
public final class LambdaBundle {

  /** What was written. */
  public record Result(Path out, int migrations, int entries, long bytes, String sha256) {}

  private final Path runtimeJar;
  private final Path sourceRoot;
  private final Path resourcesDir;

  /**
   * @param runtimeJar the function without migrations
   * @param sourceRoot the migrations' Java source root
   * @param resourcesDir files packaged as they are (SQL migrations); may not exist
   */
  public LambdaBundle(Path runtimeJar, Path sourceRoot, Path resourcesDir) {
    this.runtimeJar = runtimeJar;
    this.sourceRoot = sourceRoot;
    this.resourcesDir = resourcesDir;
  }

  public Result writeTo(Path out) throws IOException {
    if (!Files.isRegularFile(runtimeJar)) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "the Lambda runtime "
              + runtimeJar
              + " does not exist; pass --runtime <jar>, or build it with"
              + " mvn -B package -pl runtime-lambda -am -DskipTests in dbmigrate's sources");
    }
    ReproducibleJar jar = new ReproducibleJar();
    Path work = Files.createTempDirectory("dbmigrate-package-");
    try {
      // A fresh compile cache: the artifact never carries classes of a deleted source.
      CompilingMigrationSource compiled = new CompilingMigrationSource(sourceRoot, work);
      int migrations = compiled.migrations().size();
      addTree(jar, work.resolve("classes"), p -> p.toString().endsWith(".class"));
      if (Files.isDirectory(sourceRoot)) {
        addTree(jar, sourceRoot, p -> p.toString().endsWith(".java"));
      }
      if (Files.isDirectory(resourcesDir)) {
        addTree(jar, resourcesDir, p -> true);
      }
      addRuntime(jar);
      jar.writeTo(out);
      return new Result(out, migrations, jar.size(), Files.size(out), sha256(out));
    } finally {
      deleteTree(work);
    }
  }

  private static void addTree(
      ReproducibleJar jar, Path root, java.util.function.Predicate<Path> take) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).filter(take).sorted().toList();
    }
    for (Path file : files) {
      String name = root.relativize(file).toString().replace('\\', '/');
      if (!jar.add(name, Files.readAllBytes(file))) {
        throw new MigrationException(
            ErrorCode.CONFIGURATION,
            "two files would both be "
                + name
                + " in the Lambda artifact (one of them "
                + file
                + ")");
      }
    }
  }

  private void addRuntime(ReproducibleJar jar) throws IOException {
    try (JarFile runtime = new JarFile(runtimeJar.toFile(), false)) {
      for (JarEntry entry : runtime.stream().toList()) {
        if (entry.isDirectory()) {
          continue;
        }
        if (jar.contains(entry.getName())) {
          throw new MigrationException(
              ErrorCode.CONFIGURATION,
              entry.getName()
                  + " of the migrations is also a file of the Lambda runtime; rename or move it");
        }
        try (InputStream in = runtime.getInputStream(entry)) {
          jar.add(entry.getName(), in.readAllBytes());
        }
      }
    }
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
