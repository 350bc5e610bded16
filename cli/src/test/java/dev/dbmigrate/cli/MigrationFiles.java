package dev.dbmigrate.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes migration sources into a migrations folder, in package {@code db.migration}. */
final class MigrationFiles {

  static final String PACKAGE = "db.migration";

  private final Path root;

  MigrationFiles(Path root) {
    this.root = root;
  }

  /** A valid timestamp on 2026-01-01, {@code n} seconds after midnight (n below 60). */
  static String ts(int n) {
    return String.format("202601010000%02d", n);
  }

  /** The migration name for {@code ts(n)} and {@code name}, e.g. 20260101000001_CreateA. */
  static String name(int n, String description) {
    return ts(n) + "_" + description;
  }

  /** The folder of package db.migration. */
  Path packageDir() {
    return root.resolve(PACKAGE.replace('.', '/'));
  }

  /** Starts a migration class {@code M<timestamp>_<description>} that runs plain SQL. */
  Builder migration(String timestamp, String description) {
    return new Builder("M" + timestamp + "_" + description);
  }

  /** A migration with one statement each way. */
  Path sql(String timestamp, String description, String up, String down) {
    return migration(timestamp, description).up(up).down(down).write();
  }

  /** A migration that creates {@code table} (id integer) with the jOOQ DSL and drops it on down. */
  Path createTable(String timestamp, String description, String table) {
    String className = "M" + timestamp + "_" + description;
    return write(
        className,
        """
        package %s;

        import dev.dbmigrate.engine.Migration;
        import org.jooq.DSLContext;
        import org.jooq.impl.SQLDataType;

        public class %s implements Migration {
          @Override
          public void up(DSLContext db) {
            db.createTable("%s").column("id", SQLDataType.INTEGER).execute();
          }

          @Override
          public void down(DSLContext db) {
            db.dropTable("%s").execute();
          }
        }
        """
            .formatted(PACKAGE, className, table, table));
  }

  /** Writes {@code source} as the class {@code className} of package db.migration. */
  Path write(String className, String source) {
    try {
      Path dir = Files.createDirectories(packageDir());
      return Files.writeString(dir.resolve(className + ".java"), source, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A migration class whose up and down run the given SQL statements, in order. */
  final class Builder {
    private final String className;
    private final List<String> up = new ArrayList<>();
    private final List<String> down = new ArrayList<>();

    private Builder(String className) {
      this.className = className;
    }

    Builder up(String... statements) {
      up.addAll(List.of(statements));
      return this;
    }

    Builder down(String... statements) {
      down.addAll(List.of(statements));
      return this;
    }

    String source() {
      return """
          package %s;

          import dev.dbmigrate.engine.Migration;
          import org.jooq.DSLContext;

          public class %s implements Migration {
            @Override
            public void up(DSLContext db) {
          %s  }

            @Override
            public void down(DSLContext db) {
          %s  }
          }
          """
          .formatted(PACKAGE, className, calls(up), calls(down));
    }

    Path write() {
      return MigrationFiles.this.write(className, source());
    }

    private String calls(List<String> statements) {
      StringBuilder s = new StringBuilder();
      for (String sql : statements) {
        s.append("    db.execute(\"").append(javaString(sql)).append("\");\n");
      }
      return s.toString();
    }
  }

  static String javaString(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
