package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.BuildInfo;
import dev.dbmigrate.cli.ExitCodes;
import dev.dbmigrate.cli.Json;
import dev.dbmigrate.cli.config.ConfigFile;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigrationName;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Sets up a team's repository for dbmigrate: the config file, the migrations folders with one
 * example, a Maven module the IDE opens for completion, and ignore entries. Nothing that exists is
 * overwritten: when any of the files or folders it would create is there, it writes nothing.
 */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Set up this folder (a repository's root) for dbmigrate: dbmigrate.properties, migrations/"
          + " (Java and SQL) with one example migration, migrations/pom.xml for the IDE, and"
          + " .gitignore entries.",
      "Refuses (exit 3) when any of them exists; .gitignore gets only the lines it lacks."
    })
final class InitCommand implements Callable<Integer> {

  @ParentCommand RootCommand root;
  @Spec CommandSpec spec;
  @Mixin OutputOptions output;

  @Override
  public Integer call() throws IOException {
    Path dir = root.environment().workingDir().toAbsolutePath().normalize();
    ProjectTemplate template =
        new ProjectTemplate(BuildInfo.read().version(), MigrationName.nowUtc());
    Map<Path, String> files = template.files();
    // Whole top-level entries: an existing migrations/ folder may hold a team's own layout.
    List<String> existing =
        files.keySet().stream()
            .map(file -> file.getName(0))
            .distinct()
            .filter(top -> Files.exists(dir.resolve(top)))
            .map(Path::toString)
            .toList();
    if (!existing.isEmpty()) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "not initialising "
              + dir
              + ": "
              + String.join(" and ", existing)
              + " already exist; init overwrites nothing, so move them away or set dbmigrate up"
              + " by hand (see the README)");
    }
    refuseInsideProject(dir);
    List<String> written = new ArrayList<>();
    for (Map.Entry<Path, String> e : files.entrySet()) {
      Path file = dir.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
      written.add(e.getKey().toString());
    }
    boolean ignoreChanged = addIgnoreEntries(dir.resolve(".gitignore"));
    if (ignoreChanged) {
      written.add(".gitignore");
    }
    render(dir, written);
    return ExitCodes.OK;
  }

  /** A config file in a parent folder means this folder already belongs to a project. */
  private static void refuseInsideProject(Path dir) {
    for (Path p = dir.getParent(); p != null; p = p.getParent()) {
      Path config = p.resolve(ConfigFile.FILE_NAME);
      if (Files.exists(config)) {
        throw new MigrationException(
            ErrorCode.CONFIGURATION,
            "not initialising "
                + dir
                + ": it is already part of the dbmigrate project configured by "
                + config
                + "; run init in the root of a repository that has none");
      }
    }
  }

  /** Appends the lines .gitignore lacks; true when it wrote any. */
  private static boolean addIgnoreEntries(Path gitignore) throws IOException {
    List<String> present =
        Files.exists(gitignore)
            ? Files.readAllLines(gitignore, StandardCharsets.UTF_8).stream()
                .map(String::strip)
                .toList()
            : List.of();
    List<String> missing =
        ProjectTemplate.IGNORED.stream().filter(line -> !present.contains(line)).toList();
    if (missing.isEmpty()) {
      return false;
    }
    StringBuilder text = new StringBuilder();
    if (Files.exists(gitignore)) {
      String old = Files.readString(gitignore, StandardCharsets.UTF_8);
      if (!old.isEmpty() && !old.endsWith("\n")) {
        text.append('\n');
      }
    }
    text.append(ProjectTemplate.IGNORE_COMMENT).append('\n');
    missing.forEach(line -> text.append(line).append('\n'));
    Files.writeString(
        gitignore,
        text,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    return true;
  }

  private void render(Path dir, List<String> written) {
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      Map<String, Object> reply = Json.object();
      reply.put("command", "init");
      reply.put("success", true);
      reply.put("directory", dir.toString());
      reply.put("written", written);
      out.println(Json.write(reply));
    } else {
      out.println("Initialised dbmigrate in " + dir + ":");
      written.forEach(f -> out.println("  " + f));
      out.println("Next: edit dbmigrate.properties, then 'dbmigrate latest'.");
      out.println(
          "For the IDE, open migrations/pom.xml as a Maven project (it needs the engine in your"
              + " Maven repository; see the README).");
    }
    out.flush();
  }
}
