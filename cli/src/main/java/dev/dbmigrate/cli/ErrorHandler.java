package dev.dbmigrate.cli;

import dev.dbmigrate.cli.commands.ConnectedCommand;
import dev.dbmigrate.cli.commands.OutputOptions;
import dev.dbmigrate.cli.config.Redact;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.json.ResultJson;
import dev.dbmigrate.engine.settings.Setting;
import dev.dbmigrate.engine.settings.Target;
import dev.dbmigrate.engine.settings.Wording;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one message on stderr and its exit code: no stack trace unless {@code
 * --verbose}. With {@code --json} the failure is also printed to stdout as data.
 *
 * <p>It handles usage errors as a class rather than through a method reference: the launcher's
 * class-data archive cannot hold a lambda of picocli's interfaces (picocli's class files are Java
 * 5, which the JVM must not link while it writes the archive), and making one made the archive
 * leave out picocli's main class too.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

  @Override
  public int handleParseException(CommandLine.ParameterException e, String[] args) {
    return usageError(e, args);
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    MigrationException failure =
        e instanceof MigrationException m
            ? m
            : new MigrationException(ErrorCode.INTERNAL, "unexpected error: " + e, e);
    OutputOptions output = OutputOptions.of(cli);
    PrintWriter err = cli.getErr();
    // Libraries repeat URLs in their messages; a password inside one must not reach the output.
    String message =
        Wording.message(failure, Redact.url(failure.getMessage()), Setting.Scope.CLI, true);
    err.println("dbmigrate: error: " + message);
    if (output.verbose()) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      // Exceptions of the driver and of java.net carry the URL as given, user info included.
      err.print(Redact.url(trace.toString()));
    } else if (failure.code() == ErrorCode.INTERNAL) {
      err.println("Run again with --verbose to see the stack trace.");
    }
    err.flush();
    int exit = ExitCodes.of(failure.code());
    if (output.json()) {
      Target target = cli.getCommand() instanceof ConnectedCommand c ? c.target() : null;
      // "adopt knex" for a nested command, as its own reply names it.
      String command = cli.getCommandSpec().qualifiedName().replaceFirst("^\\S+ ", "");
      Map<String, Object> reply = ResultJson.failure(command, target, failure, message, List.of());
      ResultJson.error(reply).put("exitCode", exit);
      cli.getOut().println(Json.write(reply));
      cli.getOut().flush();
    }
    return exit;
  }

  /** "Unknown command 'x'" reads better than picocli's "Unmatched argument at index 0". */
  private static String describe(CommandLine.ParameterException e) {
    if (e instanceof CommandLine.UnmatchedArgumentException u
        && u.getCommandLine().getParent() == null
        && !u.getUnmatched().isEmpty()
        && !u.getUnmatched().get(0).startsWith("-")) {
      return "unknown command '" + u.getUnmatched().get(0) + "'";
    }
    return e.getMessage();
  }

  /** Unknown command or option: the problem and where to look, not the whole usage text. */
  static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    PrintWriter err = cli.getErr();
    err.println("dbmigrate: " + Redact.url(describe(e)));
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println(
        "Try '" + cli.getCommandSpec().qualifiedName() + " --help' for the commands and options.");
    err.flush();
    if (Arrays.asList(args).contains("--json")) {
      // The README promises JSON for every failure with --json, usage errors included.
      Map<String, Object> error = Json.object();
      error.put("code", "USAGE");
      error.put("exitCode", ExitCodes.USAGE);
      error.put("migration", null);
      error.put("message", Redact.url(describe(e)));
      Map<String, Object> reply = Json.object();
      reply.put("command", cli.getParent() == null ? null : cli.getCommandName());
      reply.put("success", false);
      reply.put("target", null);
      reply.put("error", error);
      reply.put("executed", List.of());
      cli.getOut().println(Json.write(reply));
      cli.getOut().flush();
    }
    return ExitCodes.USAGE;
  }
}
