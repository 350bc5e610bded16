package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.ExitCodes;
import dev.dbmigrate.cli.Json;
import dev.dbmigrate.cli.bundle.LambdaBundle;
import dev.dbmigrate.cli.config.Settings;
import dev.dbmigrate.cli.config.SettingsResolver;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "package-lambda",
    mixinStandardHelpOptions = true,
    description = {
      "Build the migration Lambda function's deployment artifact (a jar) from this project's"
          + " migrations: the function's runtime, the migrations compiled, their sources, and the"
          + " files of the resources folder (SQL migrations). The same migrations give the same"
          + " bytes.",
      "Deploy it with the CDK constructs, SAM or Terraform: runtime java17 or newer, handler"
          + " dev.dbmigrate.lambda.MigrationHandler::handleRequest, and"
          + " DBMIGRATE_MIGRATIONS_PACKAGE if the migrations are not in db.migration."
    })
final class PackageLambdaCommand implements Callable<Integer> {

  static final String RUNTIME_JAR = "dbmigrate-lambda-runtime.jar";

  @ParentCommand RootCommand root;
  @Spec CommandSpec spec;
  @Mixin ProjectOptions project;
  @Mixin OutputOptions output;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "<file>",
      description = "The jar to write; replaced if it exists.")
  Path out;

  @Option(
      names = "--resources-dir",
      paramLabel = "<dir>",
      description =
          "Files packaged as they are, e.g. SQL migrations (default: the resources folder next to"
              + " the migrations' java folder, migrations/src/main/resources).")
  Path resourcesDir;

  @Option(
      names = "--runtime",
      paramLabel = "<jar>",
      description =
          "The function without migrations (default: lib/"
              + RUNTIME_JAR
              + " of the installation, or runtime-lambda/target/ of a source checkout).")
  Path runtime;

  @Override
  public Integer call() throws IOException {
    Map<String, String> flags = new HashMap<>();
    project.addTo(flags);
    Path workingDir = root.environment().workingDir();
    Settings settings =
        new SettingsResolver(flags, root.environment().variables(), workingDir).resolve();
    Path sources = settings.migrationsDir();
    Path resources =
        resourcesDir != null ? workingDir.resolve(resourcesDir) : defaultResources(sources);
    LambdaBundle.Result result =
        new LambdaBundle(runtimeJar(), sources, resources).writeTo(workingDir.resolve(out));
    render(result);
    return ExitCodes.OK;
  }

  /** {@code .../src/main/java} has its resources in {@code .../src/main/resources}. */
  static Path defaultResources(Path javaRoot) {
    Path parent = javaRoot.toAbsolutePath().normalize().getParent();
    return parent == null ? javaRoot.resolve("resources") : parent.resolve("resources");
  }

  private Path runtimeJar() {
    Path workingDir = root.environment().workingDir();
    if (runtime != null) {
      return workingDir.resolve(runtime);
    }
    String home = root.environment().variables().get("DBMIGRATE_HOME");
    Path base = home == null ? workingDir : Path.of(home);
    Path installed = base.resolve("lib").resolve(RUNTIME_JAR);
    return installed.toFile().isFile()
        ? installed
        : base.resolve("runtime-lambda").resolve("target").resolve(RUNTIME_JAR);
  }

  private void render(LambdaBundle.Result result) {
    PrintWriter text = spec.commandLine().getOut();
    if (output.json()) {
      Map<String, Object> reply = Json.object();
      reply.put("command", "package-lambda");
      reply.put("success", true);
      reply.put("path", result.out().toString());
      reply.put("migrations", result.migrations());
      reply.put("entries", result.entries());
      reply.put("bytes", result.bytes());
      reply.put("sha256", result.sha256());
      text.println(Json.write(reply));
    } else {
      text.printf(
          "Wrote %s: %d migration%s, %d files, %.1f MB, sha256 %s%n",
          result.out(),
          result.migrations(),
          result.migrations() == 1 ? "" : "s",
          result.entries(),
          result.bytes() / 1e6,
          result.sha256());
    }
    text.flush();
  }
}
