package dev.dbmigrate.cli.commands;

import picocli.CommandLine.Option;

/** {@code --dry-run} and {@code --offline}, for latest, rollback, up and down. */
public final class DryRunOptions {

  @Option(
      names = "--dry-run",
      description =
          "Print the SQL each migration would send, in order, with transaction boundaries,"
              + " timeouts and history rows; change nothing (no lock, no history table).")
  boolean dryRun;

  @Option(
      names = "--offline",
      description =
          "With --dry-run: use no database; assume nothing is applied yet, so every"
              + " migration is pending.")
  boolean offline;
}
