package dev.dbmigrate.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The process entry point: the only place that calls {@link System#exit}. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code = Cli.run(args, out, err, System.getenv(), Path.of("").toAbsolutePath());
    out.flush();
    err.flush();
    System.exit(code);
  }
}
