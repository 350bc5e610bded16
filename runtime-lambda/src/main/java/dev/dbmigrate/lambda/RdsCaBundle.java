package dev.dbmigrate.lambda;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The Amazon RDS certificate authorities that ship in the jar (see rds-global-bundle.README.md next
 * to the resource). The driver reads {@code sslrootcert} from a file, so the bundle is copied to a
 * temporary file once per container; /tmp is the one writable place in Lambda.
 */
final class RdsCaBundle {

  static final String RESOURCE = "rds-global-bundle.pem";

  private RdsCaBundle() {}

  static Path extract() {
    try (InputStream in = RdsCaBundle.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new MigrationException(
            ErrorCode.INTERNAL,
            "the Amazon RDS CA bundle "
                + RESOURCE
                + " is missing from the jar; rebuild it with the runtime-lambda module");
      }
      Path file = Files.createTempFile("dbmigrate-rds-ca-", ".pem");
      file.toFile().deleteOnExit();
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new MigrationException(
          ErrorCode.INTERNAL,
          "could not write the Amazon RDS CA bundle to a temporary file: " + e,
          e);
    }
  }
}
