package dev.dbmigrate.cli.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "adopt",
    mixinStandardHelpOptions = true,
    description = {
      "Take over the history another migration tool keeps in this database, so dbmigrate"
          + " goes on from where it stopped. The other tool's tables are only read.",
    },
    subcommands = {AdoptKnexCommand.class, AdoptFlywayCommand.class})
final class AdoptCommand implements Runnable {

  @Spec CommandSpec spec;

  /** Without a tool, show which there are. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
