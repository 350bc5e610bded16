package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a migration's source file is, for lint output: its path relative to the working folder (as
 * code-scanning tools expect) and the line of its {@code up} method, or for a SQL migration the
 * line of the statement. Classes found on a classpath have no file and get no location.
 */
final class SourceLocator {

  /** A file, relative to the working folder with forward slashes, and a line counted from 1. */
  record Location(String path, int line) {
    @Override
    public String toString() {
      return path + ":" + line;
    }
  }

  private final Path workingDir;
  private final Path migrationsDir;

  SourceLocator(Path workingDir, Path migrationsDir) {
    this.workingDir = workingDir.toAbsolutePath().normalize();
    this.migrationsDir = migrationsDir.toAbsolutePath().normalize();
  }

  static SourceLocator of(DatabaseCommand command, Settings settings) {
    return new SourceLocator(command.environment().workingDir(), settings.migrationsDir());
  }

  /** The location of the migration found at {@code origin}, if it is a source file. */
  Optional<Location> locate(String origin) {
    return locate(origin, 0);
  }

  /**
   * The location of a finding: a SQL file at the statement's {@code line}, a Java file at its
   * {@code up} method.
   */
  Optional<Location> locate(String origin, int line) {
    if (origin != null && origin.endsWith(".sql")) {
      Path file = migrationsDir.resolve(origin).normalize();
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      String path = workingDir.relativize(file).toString().replace('\\', '/');
      return Optional.of(new Location(path, Math.max(1, line)));
    }
    if (origin == null || !origin.endsWith(".java")) {
      return Optional.empty();
    }
    Path file = migrationsDir.resolve(origin).normalize();
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    String path = workingDir.relativize(file).toString().replace('\\', '/');
    return Optional.of(new Location(path, upLine(file)));
  }

  private static int upLine(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).matches(".*\\bvoid\\s+up\\s*\\(.*")) {
          return i + 1;
        }
      }
    } catch (IOException | RuntimeException e) {
      // A location is a convenience: without the file's text, point at its first line.
    }
    return 1;
  }
}
