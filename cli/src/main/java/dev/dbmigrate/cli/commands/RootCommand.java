package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.Environment;
import dev.dbmigrate.cli.VersionProvider;
import dev.dbmigrate.cli.invoke.InvokeCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "dbmigrate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Schema migrations for PostgreSQL, written in Java with jOOQ.",
    subcommands = {
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
      InvokeCommand.class,
    })
public final class RootCommand implements Runnable {

  private final Environment environment;

  @Spec CommandSpec spec;

  public RootCommand(Environment environment) {
    this.environment = environment;
  }

  public Environment environment() {
    return environment;
  }

  /** Without a command, show what there is. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
