package dev.dbmigrate.cli.fleet;

import dev.dbmigrate.cli.config.ConfigFile;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.settings.SettingsTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A fleet from the config file's environments: each environment a pattern matches is one target,
 * named after it, with the settings {@code --env <name>} would give it.
 */
public final class ConfigEnvironments {

  private ConfigEnvironments() {}

  /**
   * The environments that match, in name order.
   *
   * @param patterns comma-separated names or globs ({@code *} any run of characters, {@code ?} one)
   */
  public static List<FleetTarget> matching(ConfigFile file, String patterns) {
    if (file.path() == null) {
      throw new MigrationException(
          ErrorCode.INVALID_TARGETS,
          "--fleet-envs needs a config file with environments, and none was found; create "
              + ConfigFile.FILE_NAME
              + " with env.<name>.<setting> entries, or pass --config");
    }
    List<FleetTarget> targets = new ArrayList<>();
    for (String pattern : List.of(patterns.split(",", -1))) {
      Pattern glob = glob(pattern.strip());
      int before = targets.size();
      for (String env : file.environments()) {
        boolean taken = targets.stream().anyMatch(t -> t.name().equals(env));
        if (glob.matcher(env).matches() && !taken) {
          targets.add(
              new FleetTarget(
                  env, file.path() + ": env." + env, Map.of(SettingsTable.ENV.key(), env)));
        }
      }
      if (targets.size() == before) {
        throw new MigrationException(
            ErrorCode.INVALID_TARGETS,
            "no environment in "
                + file.path()
                + " matches '"
                + pattern.strip()
                + "' (--fleet-envs); defined: "
                + (file.environments().isEmpty()
                    ? "none (as env.<name>.<setting> entries)"
                    : String.join(", ", file.environments())));
      }
    }
    return List.copyOf(targets);
  }

  private static Pattern glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }
}
