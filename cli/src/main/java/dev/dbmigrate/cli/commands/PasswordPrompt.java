package dev.dbmigrate.cli.commands;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The {@code -W} prompt. On a terminal the console reads it without echo; otherwise the prompt goes
 * to stderr and the line is read from stdin, so stdout carries only the result ({@code --json}).
 */
final class PasswordPrompt {

  private static final String PROMPT = "Password: ";

  private PasswordPrompt() {}

  // The build's JDK is 17, where a console exists only on a terminal: that is the test here.
  @SuppressWarnings("SystemConsoleNull")
  static String read(PrintWriter err) {
    Console console = System.console();
    if (console != null) {
      char[] typed = console.readPassword("%s", PROMPT);
      if (typed != null) {
        return new String(typed);
      }
    }
    err.print(PROMPT);
    err.flush();
    try {
      // Not closed: it is the process's stdin.
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line = in.readLine();
      err.println();
      if (line == null) {
        throw new MigrationException(
            ErrorCode.CONFIGURATION, "-W: no password was typed (stdin is empty)");
      }
      return line;
    } catch (IOException e) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION, "-W: cannot read the password: " + e, e);
    }
  }
}
