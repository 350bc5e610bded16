package dev.dbmigrate.cli.config;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigratorConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Resolves {@link Settings}: a flag beats an environment variable, which beats the config file,
 * which beats the default. The libpq variables users already have (PGHOST, PGPORT, PGDATABASE,
 * PGUSER, PGPASSWORD) count as environment, below the DBMIGRATE_ ones.
 */
public final class SettingsResolver {

  private final Map<String, String> flags;
  private final Map<String, String> env;
  private final Path workingDir;

  /**
   * @param flags settings given as command-line options, by key (see {@link Settings#KEYS}), plus
   *     "config" and "env"
   * @param env the process environment
   */
  public SettingsResolver(Map<String, String> flags, Map<String, String> env, Path workingDir) {
    this.flags = flags;
    this.env = env;
    this.workingDir = workingDir.toAbsolutePath();
  }

  public Settings resolve() {
    ConfigFile file = configFile();
    String environment = first(flags.get("env"), env.get("DBMIGRATE_ENV"));
    if (environment != null && !file.environments().contains(environment)) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "environment '"
              + environment
              + "' is not defined"
              + (file.path() == null
                  ? ": no " + ConfigFile.FILE_NAME + " was found; create one or pass --config"
                  : " in "
                      + file.path()
                      + "; defined: "
                      + (file.environments().isEmpty()
                          ? "none"
                          : String.join(", ", file.environments()))
                      + " (as env.<name>.<setting> entries)"));
    }
    Layered layered = new Layered(file, environment);
    MigratorConfig engine = MigratorConfig.defaults();
    engine =
        engine.withHistoryTable(
            layered.get("schema", MigratorConfig.DEFAULT_SCHEMA),
            layered.get("table", MigratorConfig.DEFAULT_TABLE));
    engine =
        engine.withTimeouts(
            duration(layered, "lock-wait-timeout", engine.lockWaitTimeout()),
            duration(layered, "lock-timeout", engine.lockTimeout()),
            duration(layered, "statement-timeout", engine.statementTimeout()));
    engine =
        engine.withRetries(
            integer(layered, "lock-retries", engine.lockRetries()), engine.retryBackoff());
    engine =
        engine.withAllowOutOfOrder(
            Boolean.parseBoolean(layered.get("allow-out-of-order", "false")));
    String secretId = layered.get("secret-id", null);
    String host = layered.get("host", null);
    Integer port = port(layered.get("port", null));
    String url = layered.get("url", null);
    String user = layered.get("user", null);
    Settings.Secret secret = null;
    if (secretId != null) {
      // Whatever is not given explicitly comes from the secret when connecting.
      secret = new Settings.Secret(secretId, layered.get("region", null), host, port);
    } else {
      if (url == null) {
        url =
            host == null && port == null
                ? Settings.DEFAULT_URL
                : "jdbc:postgresql://"
                    + (host == null ? "localhost" : host)
                    + ":"
                    + (port == null ? 5432 : port)
                    + "/postgres";
      }
      if (user == null) {
        user = Settings.DEFAULT_USER;
      }
    }
    return new Settings(
        url,
        user,
        password(file, environment),
        migrationsDir(layered, file),
        layered.get("migrations-package", Settings.DEFAULT_PACKAGE),
        environment,
        file.path(),
        engine,
        secret,
        layered.get("ssl-mode", null));
  }

  private static Integer port(String value) {
    if (value == null) {
      return null;
    }
    try {
      int p = Integer.parseInt(value.trim());
      if (p > 0 && p < 65536) {
        return p;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new MigrationException(
        ErrorCode.CONFIGURATION, "port '" + value + "' is not a TCP port (1-65535)");
  }

  private ConfigFile configFile() {
    String explicit = first(flags.get("config"), env.get("DBMIGRATE_CONFIG"));
    if (explicit != null) {
      Path p = workingDir.resolve(explicit);
      if (!Files.isRegularFile(p)) {
        throw new MigrationException(
            ErrorCode.CONFIGURATION, "config file " + p + " does not exist");
      }
      return ConfigFile.read(p);
    }
    for (Path dir = workingDir; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(ConfigFile.FILE_NAME);
      if (Files.isRegularFile(candidate)) {
        return ConfigFile.read(candidate);
      }
    }
    return ConfigFile.none();
  }

  /**
   * The migrations folder. Given explicitly, it is taken relative to the working directory (flag,
   * variable) or to the config file. Otherwise it is looked for upward from the working directory,
   * then in the project the launcher belongs to (DBMIGRATE_HOME).
   */
  private Path migrationsDir(Layered layered, ConfigFile file) {
    String fromFlagOrEnv =
        first(flags.get("migrations-dir"), env.get(Settings.envVar("migrations-dir")));
    if (fromFlagOrEnv != null) {
      return workingDir.resolve(fromFlagOrEnv).normalize();
    }
    String fromFile = layered.fileValue("migrations-dir");
    if (fromFile != null) {
      return file.directory().resolve(fromFile).normalize();
    }
    if (file.directory() != null) {
      return file.directory().resolve(Settings.DEFAULT_MIGRATIONS_DIR);
    }
    for (Path dir = workingDir; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(Settings.DEFAULT_MIGRATIONS_DIR);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    String home = env.get("DBMIGRATE_HOME");
    if (home != null && Files.isDirectory(Path.of(home).resolve(Settings.DEFAULT_MIGRATIONS_DIR))) {
      return Path.of(home).resolve(Settings.DEFAULT_MIGRATIONS_DIR).toAbsolutePath();
    }
    return workingDir.resolve(Settings.DEFAULT_MIGRATIONS_DIR);
  }

  /** The password from the first layer that has one, given directly or as a file to read. */
  private String password(ConfigFile file, String environment) {
    String[][] layers = {
      {flags.get("password"), flags.get("password-file")},
      {env.get("DBMIGRATE_PASSWORD"), env.get("DBMIGRATE_PASSWORD_FILE")},
      {env.get("PGPASSWORD"), null},
      {file.get(environment, "password"), file.get(environment, "password-file")},
    };
    for (String[] layer : layers) {
      if (layer[0] != null) {
        return layer[0];
      }
      if (layer[1] != null) {
        return readPasswordFile(layer[1]);
      }
    }
    return null;
  }

  private String readPasswordFile(String name) {
    Path p = workingDir.resolve(name);
    try {
      return Files.readString(p, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION, "cannot read password file " + p + ": " + e.getMessage(), e);
    }
  }

  private static java.time.Duration duration(Layered layered, String key, java.time.Duration def) {
    String v = layered.get(key, null);
    return v == null ? def : Durations.parse(key, v);
  }

  private static int integer(Layered layered, String key, int def) {
    String v = layered.get(key, null);
    if (v == null) {
      return def;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION, key + " '" + v + "' is not a whole number");
    }
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }

  /** The layers for one key, in order of precedence. */
  private final class Layered {
    private final ConfigFile file;
    private final String environment;

    Layered(ConfigFile file, String environment) {
      this.file = file;
      this.environment = environment;
    }

    String get(String key, String def) {
      String v = flags.get(key);
      if (v == null) {
        v = env.get(Settings.envVar(key));
      }
      if (v == null) {
        v = libpq(key);
      }
      if (v == null) {
        v = file.get(environment, key);
      }
      return v == null ? def : v;
    }

    String fileValue(String key) {
      return file.get(environment, key);
    }

    private String libpq(String key) {
      if (key.equals("user")) {
        return env.get("PGUSER");
      }
      if (key.equals("url")
          && (env.get("PGHOST") != null
              || env.get("PGPORT") != null
              || env.get("PGDATABASE") != null)) {
        String host = env.getOrDefault("PGHOST", "localhost");
        String port = env.getOrDefault("PGPORT", "5432");
        String db = env.getOrDefault("PGDATABASE", "postgres");
        return "jdbc:postgresql://" + host + ":" + port + "/" + db;
      }
      return null;
    }
  }
}
