package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.ExitCodes;
import dev.dbmigrate.cli.Json;
import dev.dbmigrate.cli.config.ConfigFile;
import dev.dbmigrate.cli.config.Settings;
import dev.dbmigrate.cli.config.SettingsResolver;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigrationName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "make",
    mixinStandardHelpOptions = true,
    description = "Write a new migration class named M<UTC timestamp>_<Name> and print its path.")
final class MakeCommand implements Callable<Integer> {

  @ParentCommand RootCommand root;
  @Spec CommandSpec spec;
  @Mixin ProjectOptions project;
  @Mixin OutputOptions output;

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
    Path dir = root.resolve(settings.migrationsPackage().replace('.', '/'));
    Path createdFolder = Files.isDirectory(dir) ? null : dir;
    Files.createDirectories(dir);
    LocalDateTime when = MigrationName.nowUtc();
    Path file;
    // Two makes within a second would share a timestamp; take the next free second instead.
    while (true) {
      MigrationName migration = MigrationName.create(when, name);
      if (!timestampTaken(root, migration.timestamp())) {
        file = dir.resolve(migration.className() + ".java");
        Files.writeString(
            file,
            template(settings.migrationsPackage(), migration),
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE_NEW);
        break;
      }
      when = when.plusSeconds(1);
    }
    if (output.json()) {
      Map<String, Object> reply = Json.object();
      reply.put("command", "make");
      reply.put("success", true);
      reply.put("path", file.toString());
      reply.put("createdFolder", createdFolder == null ? null : createdFolder.toString());
      spec.commandLine().getOut().println(Json.write(reply));
    } else {
      if (createdFolder != null) {
        spec.commandLine().getOut().println("Created folder: " + createdFolder);
      }
      spec.commandLine().getOut().println("Created migration: " + file);
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
        findFile(root, name -> name.matches("M\\d{14}_" + description + "\\.java"));
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
    return findFile(root, name -> name.startsWith("M" + timestamp + "_")).isPresent();
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
        import org.jooq.DSLContext;

        public class %s implements Migration {

          @Override
          public void up(DSLContext db) {
            // For example:
            // db.createTable("my_table").column("id", BIGINT.identity(true)).primaryKey("id").execute();
            // Plain SQL works too: db.execute("create index ...");
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
