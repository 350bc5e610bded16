package dev.dbmigrate.cli.commands;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** How results are shown; mixed into every command. */
public final class OutputOptions {

  private static final OutputOptions DEFAULTS = new OutputOptions();

  @Option(
      names = "--json",
      description = "Print the result as JSON on stdout (progress goes to stderr).")
  boolean json;

  @Option(
      names = {"-v", "--verbose"},
      description = "Log every SQL statement, and show stack traces on errors.")
  boolean verbose;

  public boolean json() {
    return json;
  }

  public boolean verbose() {
    return verbose;
  }

  /** The output options of the command that ran, or defaults for one without them. */
  public static OutputOptions of(CommandLine cli) {
    CommandSpec mixin = cli.getCommandSpec().mixins().get("output");
    return mixin == null ? DEFAULTS : (OutputOptions) mixin.userObject();
  }
}
