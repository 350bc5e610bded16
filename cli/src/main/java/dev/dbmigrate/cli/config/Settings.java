package dev.dbmigrate.cli.config;

import dev.dbmigrate.engine.MigratorConfig;
import dev.dbmigrate.engine.settings.Setting;
import dev.dbmigrate.engine.settings.SettingsTable;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a command needs, resolved from flags, environment, config file, the libpq variables
 * and defaults, in that order. The password is kept out of {@link #toString()} so it cannot leak
 * into output or logs.
 *
 * @param connection where to connect and as whom, each part with where it came from
 * @param migrationsDir the source root of the migrations, e.g. migrations/src/main/java
 * @param migrationsPackage the Java package new migrations are made in
 * @param environment the config file's environment in use, or null
 * @param environmentChosenBy how the environment was chosen (--env, DBMIGRATE_ENV, default-env,
 *     "development"), or null
 */
public record Settings(
    Connection connection,
    Path migrationsDir,
    String migrationsPackage,
    String environment,
    String environmentChosenBy,
    Path configFile,
    MigratorConfig engine) {

  /** Every key the config file accepts: the command line's settings but the file's own choice. */
  public static final List<String> KEYS =
      SettingsTable.of(Setting.Scope.CLI).stream()
          .filter(s -> s != SettingsTable.CONFIG && s != SettingsTable.ENV)
          .map(Setting::key)
          .toList();

  public static final String DEFAULT_MIGRATIONS_DIR = "migrations/src/main/java";
  public static final String DEFAULT_PACKAGE = SettingsTable.MIGRATIONS_PACKAGE.defaultText();

  static boolean isKnownKey(String key) {
    return KEYS.contains(key);
  }

  /** The environment variable that sets {@code key}. */
  public static String envVar(String key) {
    Setting<?> s = SettingsTable.byKey(Setting.Scope.CLI, key);
    return s == null ? "DBMIGRATE_" + key.toUpperCase(java.util.Locale.ROOT) : s.variable();
  }

  @Override
  public String toString() {
    return "Settings[connection="
        + connection
        + ", migrationsDir="
        + migrationsDir
        + ", environment="
        + environment
        + "]";
  }
}
