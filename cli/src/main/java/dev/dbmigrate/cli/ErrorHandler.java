package dev.dbmigrate.cli;

import dev.dbmigrate.cli.commands.OutputOptions;
import dev.dbmigrate.cli.config.Redact;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one message on stderr and its exit code: no stack trace unless {@code
 * --verbose}. With {@code --json} the failure is also printed to stdout as data.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    MigrationException failure =
        e instanceof MigrationException m
            ? m
            : new MigrationException(ErrorCode.INTERNAL, "unexpected error: " + e, e);
    OutputOptions output = OutputOptions.of(cli);
    PrintWriter err = cli.getErr();
    // Libraries repeat URLs in their messages; a password inside one must not reach the output.
    String message = Redact.url(failure.getMessage());
    err.println("dbmigrate: error: " + message);
    if (output.verbose()) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      err.print(trace);
    } else if (failure.code() == ErrorCode.INTERNAL) {
      err.println("Run again with --verbose to see the stack trace.");
    }
    err.flush();
    int exit = ExitCodes.of(failure.code());
    if (output.json()) {
      Map<String, Object> error = Json.object();
      error.put("code", failure.code().name());
      error.put("exitCode", exit);
      error.put("migration", failure.migration());
      error.put("message", message);
      Map<String, Object> reply = Json.object();
      // "adopt knex" for a nested command, as its own reply names it.
      reply.put("command", cli.getCommandSpec().qualifiedName().replaceFirst("^\\S+ ", ""));
      reply.put("success", false);
      reply.put("error", error);
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
    err.println("dbmigrate: " + describe(e));
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println(
        "Try '" + cli.getCommandSpec().qualifiedName() + " --help' for the commands and options.");
    err.flush();
    return ExitCodes.USAGE;
  }
}
