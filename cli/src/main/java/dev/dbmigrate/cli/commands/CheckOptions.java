package dev.dbmigrate.cli.commands;

import picocli.CommandLine.Option;

/** The scratch database of {@code test} and {@code drift}, and what their comparison covers. */
public final class CheckOptions {

  @Option(
      names = "--scratch-database",
      paramLabel = "<name>",
      description =
          "Build in this existing, empty database on the same server instead of creating and"
              + " dropping one (for a login without CREATEDB); it is left as the run leaves it.")
  String scratchDatabase;

  @Option(
      names = "--privileges",
      description = "Compare owners and grants too, not only the objects.")
  boolean privileges;
}
