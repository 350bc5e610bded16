package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.ExitCodes;
import dev.dbmigrate.cli.Json;
import dev.dbmigrate.cli.config.ConfigFile;
import dev.dbmigrate.cli.config.Settings;
import dev.dbmigrate.cli.config.SettingsResolver;
import dev.dbmigrate.cli.source.MigrationFolders;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigrationName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "make",
    mixinStandardHelpOptions = true,
    description = {
      "Write a new migration class named M<UTC timestamp>_<Name> and print its path.",
      "With --sql, write <UTC timestamp>_<Name>.up.sql and .down.sql instead and print both."
    })
final class MakeCommand implements Callable<Integer> {

  @ParentCommand RootCommand root;
  @Spec CommandSpec spec;
  @Mixin ProjectOptions project;
  @Mixin OutputOptions output;

  @Option(
      names = "--sql",
      description =
          "Write a SQL migration: <timestamp>_<Name>.up.sql and .down.sql in"
              + " src/main/resources/<package folder> beside the migrations folder (the"
              + " migrations folder itself when it is not a src/main/java).")
  boolean sql;

  @Parameters(
      paramLabel = "<Name>",
      description = "What the migration does, as a Java identifier, e.g. CreateUsersTable.")
  String name;

  @Override
  public Integer call() throws IOException {
    Map<String, String> flags = new HashMap<>();
    project.addTo(flags);
    Settings settings =
        new SettingsResolver(flags, root.environment().variables(), root.environment().workingDir())
            .resolve();
    Path root = settings.migrationsDir();
    refuseOutsideProject(settings, flags, root);
    refuseDuplicate(root, name);
    String packageFolder = settings.migrationsPackage().replace('.', '/');
    Path dir = (sql ? MigrationFolders.sqlRoot(root) : root).resolve(packageFolder);
    Path createdFolder = Files.isDirectory(dir) ? null : dir;
    Files.createDirectories(dir);
    LocalDateTime when = MigrationName.nowUtc();
    Path file;
    List<Path> files;
    // Two makes within a second would share a timestamp; take the next free second instead.
    while (true) {
      MigrationName migration = MigrationName.create(when, name);
      if (timestampTaken(root, migration.timestamp())) {
        when = when.plusSeconds(1);
      } else if (sql) {
        files = SqlMigrationMaker.write(dir, migration);
        file = files.get(0);
        break;
      } else {
        file = dir.resolve(migration.className() + ".java");
        Files.writeString(
            file,
            template(settings.migrationsPackage(), migration),
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE_NEW);
        files = List.of(file);
        break;
      }
    }
    if (output.json()) {
      Map<String, Object> reply = Json.object();
      reply.put("command", "make");
      reply.put("success", true);
      reply.put("path", file.toString());
      reply.put("paths", files.stream().map(Path::toString).toList());
      reply.put("createdFolder", createdFolder == null ? null : createdFolder.toString());
      spec.commandLine().getOut().println(Json.write(reply));
    } else {
      if (createdFolder != null) {
        spec.commandLine().getOut().println("Created folder: " + createdFolder);
      }
      files.forEach(f -> spec.commandLine().getOut().println("Created migration: " + f));
    }
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }

  /**
   * A project is a folder with dbmigrate.properties, or with the default migrations folder, here or
   * above; or a migrations folder given explicitly. Anywhere else the folder would be a guess (the
   * launcher's own checkout, or a new tree in the current folder), so make refuses to write.
   */
  private void refuseOutsideProject(Settings settings, Map<String, String> flags, Path dir) {
    String fromEnv = root.environment().variables().get(Settings.envVar("migrations-dir"));
    if (flags.containsKey("migrations-dir")
        || (fromEnv != null && !fromEnv.isBlank())
        || settings.configFile() != null) {
      return;
    }
    Path workingDir = root.environment().workingDir().toAbsolutePath().normalize();
    for (Path d = workingDir; d != null; d = d.getParent()) {
      if (d.resolve(Settings.DEFAULT_MIGRATIONS_DIR).equals(dir) && Files.isDirectory(dir)) {
        return;
      }
    }
    throw new MigrationException(
        ErrorCode.CONFIGURATION,
        "no dbmigrate project here: neither "
            + workingDir
            + " nor a folder above it has "
            + ConfigFile.FILE_NAME
            + " or "
            + Settings.DEFAULT_MIGRATIONS_DIR
            + ", so make would have to guess where to write ("
            + dir
            + "). Start a project in its root folder with 'dbmigrate init', or pass"
            + " --migrations-dir <dir>");
  }

  private static void refuseDuplicate(Path root, String description) throws IOException {
    MigrationName.create(MigrationName.nowUtc(), description);
    Optional<Path> existing =
        findFile(root, name -> name.matches("M\\d{14}_" + description + "\\.java"))
            .or(() -> sqlFile(root, description));
    if (existing.isPresent()) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "a migration named "
              + description
              + " already exists: "
              + existing.get()
              + "; choose another name");
    }
  }

  private static boolean timestampTaken(Path root, String timestamp) throws IOException {
    return findFile(root, name -> name.startsWith("M" + timestamp + "_")).isPresent()
        || SqlMigrationMaker.timestampTaken(root, timestamp);
  }

  private static Optional<Path> sqlFile(Path root, String description) {
    try {
      return SqlMigrationMaker.existing(root, description);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first file under {@code root} whose name matches; empty when none does or no folder. */
  private static Optional<Path> findFile(Path root, Predicate<String> name) throws IOException {
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(f -> name.test(f.getFileName().toString())).findFirst();
    }
  }

  static String template(String pkg, MigrationName migration) {
    return """
        package %s;

        import static org.jooq.impl.SQLDataType.BIGINT;

        import dev.dbmigrate.engine.Migration;
        import dev.dbmigrate.engine.Sql;
        import org.jooq.DSLContext;

        public class %s implements Migration {

          @Override
          public void up(DSLContext db) throws Exception {
            // For example:
            // db.createTable("my_table").column("id", BIGINT.identity(true)).primaryKey("id").execute();
            // Plain SQL, sent exactly as written: Sql.execute(db, "create index ...");
            // (db.execute("...") goes through jOOQ's templating, which breaks on ?, {0} and $$'$$)
          }

          @Override
          public void down(DSLContext db) {
            // db.dropTable("my_table").execute();
          }
        }
        """
        .formatted(pkg, migration.className());
  }
}
