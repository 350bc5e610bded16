package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.Environment;
import dev.dbmigrate.cli.VersionProvider;
import dev.dbmigrate.cli.invoke.InvokeCommand;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "dbmigrate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Schema migrations for PostgreSQL, written in Java with jOOQ.")
public final class RootCommand implements Runnable {

  /**
   * The commands by name, in the order {@code --help} lists them. They are registered in code
   * rather than in the annotation so that a run can build only the command it runs: picocli reads
   * every option of every registered command at start-up, which is a third of a no-op run's time.
   * The names are written out rather than read from each class's {@code @Command}: reading an
   * annotation parses all of a class's annotations, and doing that for every command cost a no-op
   * run more than building the one it runs (UsageAndHelpTest checks that the two agree).
   */
  public static final Map<String, Class<?>> COMMANDS =
      commands(
          "init", InitCommand.class,
          "make", MakeCommand.class,
          "latest", LatestCommand.class,
          "rollback", RollbackCommand.class,
          "up", UpCommand.class,
          "down", DownCommand.class,
          "status", StatusCommand.class,
          "list", ListCommand.class,
          "unlock", UnlockCommand.class,
          "repair", RepairCommand.class,
          "lint", LintCommand.class,
          "test", TestCommand.class,
          "drift", DriftCommand.class,
          "adopt", AdoptCommand.class,
          "baseline", BaselineCommand.class,
          "package-lambda", PackageLambdaCommand.class,
          "invoke", InvokeCommand.class);

  private final Environment environment;

  @Spec CommandSpec spec;

  public RootCommand(Environment environment) {
    this.environment = environment;
  }

  public Environment environment() {
    return environment;
  }

  private static Map<String, Class<?>> commands(Object... namesAndClasses) {
    Map<String, Class<?>> byName = new LinkedHashMap<>();
    for (int i = 0; i < namesAndClasses.length; i += 2) {
      byName.put((String) namesAndClasses[i], (Class<?>) namesAndClasses[i + 1]);
    }
    return Collections.unmodifiableMap(byName);
  }

  /** Without a command, show what there is. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
