package dev.dbmigrate.cli;

import dev.dbmigrate.cli.commands.RootCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine;

/**
 * Builds the command line with its handlers. Tests call {@link #run} with their own writers,
 * environment and working directory, and assert on the text and the exit code.
 */
public final class Cli {

  private Cli() {}

  public static int run(
      String[] args, PrintWriter out, PrintWriter err, Map<String, String> env, Path workingDir) {
    // jOOQ prints a banner and tips on first use; a command line tool's output is not the place.
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    // Libraries log to stderr on their own (the driver's connection warnings, the AWS SDK); the
    // command reports every failure itself, so their logs appear only with --verbose.
    boolean verbose =
        Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "warn" : "off");
    Warmup.start(verbose);
    CommandLine cli = new CommandLine(new RootCommand(new Environment(env, workingDir)));
    addCommands(cli, args);
    cli.setOut(out);
    cli.setErr(err);
    ErrorHandler errors = new ErrorHandler();
    cli.setExecutionExceptionHandler(errors);
    cli.setParameterExceptionHandler(errors);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    documentExitCodes(cli);
    return cli.execute(args);
  }

  /**
   * Registers only the command being run when the first word names one; otherwise (help, no
   * command, a misspelt one) all of them, so usage and suggestions list every command.
   *
   * <p>Here and below, loops rather than lambdas that call picocli: the launcher's class-data
   * archive leaves out picocli's main class when a lambda in the archive calls one of its methods
   * (picocli's class files are Java 5, which the JVM must not link while it writes the archive).
   */
  private static void addCommands(CommandLine cli, String[] args) {
    String first = "";
    for (String a : args) {
      if (!a.startsWith("-")) {
        first = a;
        break;
      }
    }
    Class<?> only = RootCommand.COMMANDS.get(first);
    if (only != null) {
      cli.addSubcommand(first, only);
    } else {
      for (Map.Entry<String, Class<?>> command : RootCommand.COMMANDS.entrySet()) {
        cli.addSubcommand(command.getKey(), command.getValue());
      }
    }
  }

  private static void documentExitCodes(CommandLine cli) {
    cli.getCommandSpec()
        .usageMessage()
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(ExitCodes.helpList());
    for (CommandLine sub : cli.getSubcommands().values()) {
      documentExitCodes(sub);
    }
  }
}
