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
   * The commands, in the order {@code --help} lists them. They are registered in code rather than
   * in the annotation so that a run can build only the command it runs: picocli reads every option
   * of every registered command at start-up, which is a third of a no-op run's time.
   */
  public static final Map<String, Class<?>> COMMANDS =
      commands(
          InitCommand.class,
          MakeCommand.class,
          LatestCommand.class,
          RollbackCommand.class,
          UpCommand.class,
          DownCommand.class,
          StatusCommand.class,
          ListCommand.class,
          UnlockCommand.class,
          RepairCommand.class,
          LintCommand.class,
          TestCommand.class,
          DriftCommand.class,
          AdoptCommand.class,
          BaselineCommand.class,
          PackageLambdaCommand.class,
          InvokeCommand.class);

  private final Environment environment;

  @Spec CommandSpec spec;

  public RootCommand(Environment environment) {
    this.environment = environment;
  }

  public Environment environment() {
    return environment;
  }

  private static Map<String, Class<?>> commands(Class<?>... classes) {
    Map<String, Class<?>> byName = new LinkedHashMap<>();
    for (Class<?> c : classes) {
      byName.put(c.getAnnotation(Command.class).name(), c);
    }
    return Collections.unmodifiableMap(byName);
  }

  /** Without a command, show what there is. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
