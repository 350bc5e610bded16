package dev.dbmigrate.cli.db;

import dev.dbmigrate.cli.config.Connection.Part;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a password file when it is the password in use, saying why one cannot be read. */
final class PasswordFile {

  private PasswordFile() {}

  static String read(Part part) {
    Path p = Path.of(part.value());
    String which = "password file " + p + " (" + part.source() + ")";
    if (!Files.exists(p)) {
      throw fail(
          which
              + " does not exist; check the path (a relative one in "
              + "dbmigrate.properties is relative to that file's folder)",
          null);
    }
    if (Files.isDirectory(p)) {
      throw fail(which + " is a folder, not a file", null);
    }
    try {
      return Files.readString(p, StandardCharsets.UTF_8).strip();
    } catch (AccessDeniedException e) {
      throw fail(which + " cannot be read: permission denied; let this user read it", e);
    } catch (IOException e) {
      throw fail(which + " cannot be read: " + e, e);
    }
  }

  private static MigrationException fail(String message, Throwable cause) {
    return new MigrationException(ErrorCode.CONFIGURATION, message, cause);
  }
}
