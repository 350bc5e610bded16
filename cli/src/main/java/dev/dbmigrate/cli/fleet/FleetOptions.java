package dev.dbmigrate.cli.fleet;

import dev.dbmigrate.cli.config.ConfigFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Which targets a fleet run covers and how it runs them; mixed into the commands that take it. */
public final class FleetOptions {

  @Option(
      names = "--fleet",
      paramLabel = "<file>",
      description =
          "Run on every target of this file, one per line: <name> <jdbc-url or secret id>"
              + " [tenant schema] [setting=value ...]; # starts a comment.")
  String file;

  @Option(
      names = "--fleet-envs",
      paramLabel = "<pattern>",
      description =
          "Run on every environment of the config file that matches: names or globs, comma"
              + " separated (tenant_*, or * for all).")
  String environments;

  @Option(
      names = "--parallel",
      paramLabel = "<n>",
      description = "With a fleet: targets run at once (default 2 per core, at most 16).")
  Integer parallel;

  @Option(
      names = "--on-failure",
      paramLabel = "<policy>",
      description =
          "With a fleet: stop (start no further target once one failed; the default for latest) or"
              + " continue (the default for status, lint, test and --dry-run, which change no"
              + " target).")
  FailurePolicy onFailure;

  /** Settings the targets give themselves, so the command line must not give them for all. */
  private static final List<String> PER_TARGET = List.of("url", "secret-id");

  public boolean given() {
    return file != null || environments != null;
  }

  /** Refuses what does not go together, before anything is read. */
  public void check(CommandSpec spec, Map<String, String> flags) {
    if (file != null && environments != null) {
      throw new ParameterException(
          spec.commandLine(), "--fleet and --fleet-envs both name the targets; give one");
    }
    if (!given()) {
      if (parallel != null || onFailure != null) {
        throw new ParameterException(
            spec.commandLine(),
            (parallel != null ? "--parallel" : "--on-failure")
                + " goes with --fleet <file> or --fleet-envs <pattern>");
      }
      return;
    }
    if (parallel != null && parallel < 1) {
      throw new ParameterException(spec.commandLine(), "--parallel must be 1 or more");
    }
    for (String key : PER_TARGET) {
      if (flags.containsKey(key)) {
        throw new ParameterException(
            spec.commandLine(),
            "--" + key + " names one database; with a fleet each target names its own");
      }
    }
    if (environments != null && flags.containsKey("env")) {
      throw new ParameterException(
          spec.commandLine(), "--env chooses one environment; --fleet-envs chooses the targets'");
    }
  }

  /** The targets, in the order they run. */
  public List<FleetTarget> targets(Path workingDir, Supplier<ConfigFile> configFile) {
    return file != null
        ? FleetFile.read(workingDir.resolve(file))
        : ConfigEnvironments.matching(configFile.get(), environments);
  }

  /** Where the targets came from, for the summary. */
  public String source() {
    return file != null ? file : "environments " + environments;
  }

  public int parallel() {
    return parallel != null ? parallel : FleetRunner.defaultParallelism();
  }

  /**
   * The policy given, else stop for a run that changes the schema (a migration that fails on one
   * target usually fails on the next) and continue for one that only reads (status, a dry run),
   * which should report on every target.
   */
  public FailurePolicy onFailure(boolean changesSchema) {
    return onFailure != null
        ? onFailure
        : changesSchema ? FailurePolicy.STOP : FailurePolicy.CONTINUE;
  }
}
