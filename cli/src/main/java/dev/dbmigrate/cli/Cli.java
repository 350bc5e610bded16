package dev.dbmigrate.cli;

import dev.dbmigrate.cli.commands.RootCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
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
    CommandLine cli = new CommandLine(new RootCommand(new Environment(env, workingDir)));
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(new ErrorHandler());
    cli.setParameterExceptionHandler(ErrorHandler::usageError);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    documentExitCodes(cli);
    return cli.execute(args);
  }

  private static void documentExitCodes(CommandLine cli) {
    cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(ExitCodes.helpList());
    cli.getSubcommands().values().forEach(Cli::documentExitCodes);
  }
}
