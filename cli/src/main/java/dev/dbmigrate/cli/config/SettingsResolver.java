package dev.dbmigrate.cli.config;

import dev.dbmigrate.cli.config.Connection.Part;
import dev.dbmigrate.cli.config.Connection.Rank;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigratorConfig;
import dev.dbmigrate.engine.settings.JdbcUrl;
import dev.dbmigrate.engine.settings.Setting;
import dev.dbmigrate.engine.settings.SettingsTable;
import dev.dbmigrate.engine.settings.SettingsTable.Given;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Resolves {@link Settings} from the settings table: a flag beats an environment variable, which
 * beats the config file, which beats the libpq variables users already have (PGHOST, PGPORT,
 * PGDATABASE, PGUSER, PGPASSWORD), which beat the default. The libpq variables are ambient: they
 * are the last source before the defaults, so they never override what a flag, a DBMIGRATE_
 * variable, the config file or a secret gives.
 */
public final class SettingsResolver {

  /** What the config file's environments fall back to, as knex does. */
  static final String DEFAULT_ENVIRONMENT = "development";

  private final Map<String, String> flags;
  private final Map<String, String> env;
  private final Map<Setting<?>, Given> variables;
  private final Path workingDir;

  /**
   * @param flags settings given as command-line options, by key (see {@link SettingsTable}); the
   *     password from the prompt under "password"
   * @param env the process environment
   */
  public SettingsResolver(Map<String, String> flags, Map<String, String> env, Path workingDir) {
    this.flags = flags;
    this.env = env;
    this.variables = SettingsTable.fromEnvironment(env, Setting.Scope.CLI);
    this.workingDir = workingDir.toAbsolutePath();
  }

  public Settings resolve() {
    Given config = given(SettingsTable.CONFIG);
    ConfigFile file = configFile(config);
    Given chosen = given(SettingsTable.ENV);
    String environment = chosen == null ? null : chosen.text();
    String chosenBy = chosen == null ? null : chosen.name();
    if (environment != null && !file.environments().contains(environment)) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "environment '"
              + environment
              + "' is not defined"
              + (file.path() == null
                  ? ": no " + ConfigFile.FILE_NAME + " was found; create one or pass --config"
                  : " in " + file.path() + "; " + defined(file))
              + " (chosen by "
              + chosenBy
              + ")");
    }
    if (environment == null) {
      Given fallback = defaultEnvironment(file);
      if (fallback != null) {
        environment = fallback.text();
        chosenBy = fallback.name();
      }
    }
    Layers layers = new Layers(file, environment);
    MigratorConfig engine = SettingsTable.engineConfig(layers::value);
    String tenant = tenantSchema(layers);
    if (tenant != null) {
      engine = engine.withHistoryTable(tenant, engine.table());
    }
    return new Settings(
        connection(layers, tenant),
        migrationsDir(layers, file),
        layers.value(SettingsTable.MIGRATIONS_PACKAGE),
        environment,
        chosenBy,
        file.path(),
        engine);
  }

  /**
   * Without --env, a file whose environments hold the target (no top-level url, host or secret-id)
   * needs one: its {@code default-env}, else {@code development}, else an error that lists them,
   * instead of silently connecting to the default database.
   */
  private Given defaultEnvironment(ConfigFile file) {
    Set<String> environments = file.environments();
    if (environments.isEmpty()) {
      return null;
    }
    String named = file.get(null, SettingsTable.DEFAULT_ENV.key());
    if (named != null) {
      if (!environments.contains(named)) {
        throw new MigrationException(
            ErrorCode.CONFIGURATION,
            "default-env '"
                + named
                + "' in "
                + file.path()
                + " is not defined there; "
                + defined(file));
      }
      return new Given(named, "default-env in " + file.path().getFileName());
    }
    if (environments.contains(DEFAULT_ENVIRONMENT)) {
      return new Given(DEFAULT_ENVIRONMENT, "the default environment");
    }
    boolean topLevelTarget =
        file.get(null, "url") != null
            || file.get(null, "host") != null
            || file.get(null, "secret-id") != null;
    boolean explicitTarget =
        given(SettingsTable.URL) != null
            || given(SettingsTable.SECRET_ID) != null
            || given(SettingsTable.HOST) != null;
    if (topLevelTarget || explicitTarget) {
      return null;
    }
    throw new MigrationException(
        ErrorCode.CONFIGURATION,
        file.path()
            + " defines environments but no top-level url and no "
            + DEFAULT_ENVIRONMENT
            + " environment; choose one with --env <name> (or DBMIGRATE_ENV, or default-env in"
            + " the file): "
            + String.join(", ", environments));
  }

  private static String defined(ConfigFile file) {
    return "defined: "
        + (file.environments().isEmpty() ? "none" : String.join(", ", file.environments()))
        + " (as env.<name>.<setting> entries)";
  }

  /**
   * Each part from the strongest source that gives it; a URL gives host, port and database at its
   * own rank, and a part named on its own (--host) beats a URL of the same rank.
   */
  /**
   * A tenant's schema holds its history table and is the migrations' search path, so one migration
   * serves every tenant; a history schema given as well must be the same one.
   */
  private String tenantSchema(Layers layers) {
    Part tenant = layers.part(SettingsTable.TENANT_SCHEMA, null);
    if (tenant == null) {
      return null;
    }
    Part schema = layers.part(SettingsTable.SCHEMA, null);
    if (schema != null && !schema.value().equals(tenant.value())) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "tenant-schema '"
              + tenant.value()
              + "' ("
              + tenant.source()
              + ") and schema '"
              + schema.value()
              + "' ("
              + schema.source()
              + ") disagree: a tenant's history table lives in its own schema; give only"
              + " tenant-schema");
    }
    return tenant.value();
  }

  private Connection connection(Layers layers, String searchPath) {
    Part url = layers.part(SettingsTable.URL, null);
    JdbcUrl.Parts fromUrl = url == null ? null : JdbcUrl.parts(url.value());
    Part host = pick(layers.part(SettingsTable.HOST, "PGHOST"), url, fromUrl, JdbcUrl.Parts::host);
    Part port = pick(layers.part(SettingsTable.PORT, "PGPORT"), url, fromUrl, JdbcUrl.Parts::port);
    Part database =
        pick(
            layers.part(SettingsTable.DATABASE, "PGDATABASE"),
            url,
            fromUrl,
            JdbcUrl.Parts::database);
    Part user = layers.part(SettingsTable.USER, "PGUSER");
    java.util.List<String> notes = new java.util.ArrayList<>();
    ignoredLibpq(notes, "PGHOST", "host", host);
    ignoredLibpq(notes, "PGPORT", "port", port);
    ignoredLibpq(notes, "PGDATABASE", "database", database);
    ignoredLibpq(notes, "PGUSER", "user", user);
    return new Connection(
        orDefault(host, SettingsTable.HOST),
        orDefault(port, SettingsTable.PORT),
        orDefault(database, SettingsTable.DATABASE),
        orDefault(user, SettingsTable.USER),
        password(layers),
        fromUrl == null ? "" : fromUrl.query(),
        layers.part(SettingsTable.SECRET_ID, null),
        layers.value(SettingsTable.REGION),
        layers.value(SettingsTable.SSL_MODE),
        layers.value(SettingsTable.CONNECT_TIMEOUT),
        layers.value(SettingsTable.LOGIN_TIMEOUT),
        searchPath,
        java.util.List.copyOf(notes),
        fromUrl == null ? JdbcUrl.POSTGRESQL : fromUrl.scheme());
  }

  /** A libpq variable that a stronger source overrides with another value is named. */
  private void ignoredLibpq(java.util.List<String> notes, String variable, String what, Part won) {
    String ambient = env.get(variable);
    if (ambient != null
        && !ambient.isBlank()
        && won != null
        && !won.source().equals(variable)
        && !won.value().equals(ambient.strip())) {
      notes.add(
          variable
              + "="
              + ambient.strip()
              + " is not used: the "
              + what
              + " comes from "
              + won.source());
    }
  }

  private static Part pick(
      Part direct,
      Part url,
      JdbcUrl.Parts parts,
      java.util.function.Function<JdbcUrl.Parts, String> part) {
    if (url == null || (direct != null && direct.rank().compareTo(url.rank()) >= 0)) {
      return direct;
    }
    return Part.of(part.apply(parts), url.rank(), "the URL from " + url.source());
  }

  private static Part orDefault(Part part, Setting<?> setting) {
    return part != null ? part : Part.of(setting.defaultText(), Rank.DEFAULT, "the default");
  }

  /** The password, or the file to read it from, from the strongest source; null if none. */
  private Part password(Layers layers) {
    Part direct = layers.part(SettingsTable.PASSWORD, "PGPASSWORD");
    Part file = layers.part(SettingsTable.PASSWORD_FILE, null);
    if (file == null || (direct != null && direct.rank().compareTo(file.rank()) >= 0)) {
      return direct;
    }
    Path base = file.rank() == Rank.FILE ? layers.file.directory() : workingDir;
    return new Part(
        base.resolve(file.value()).normalize().toString(), file.rank(), file.source(), true);
  }

  /** The config file these settings read: --config, DBMIGRATE_CONFIG, or the one found upward. */
  public ConfigFile configFile() {
    return configFile(given(SettingsTable.CONFIG));
  }

  private ConfigFile configFile(Given explicit) {
    if (explicit != null) {
      Path p = workingDir.resolve(explicit.text());
      if (!Files.isRegularFile(p)) {
        throw new MigrationException(
            ErrorCode.CONFIGURATION,
            "config file " + p + " does not exist (given by " + explicit.name() + ")");
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
  private Path migrationsDir(Layers layers, ConfigFile file) {
    Given fromFlagOrEnv = given(SettingsTable.MIGRATIONS_DIR);
    if (fromFlagOrEnv != null) {
      return workingDir.resolve(fromFlagOrEnv.text()).normalize();
    }
    String fromFile = layers.fileValue(SettingsTable.MIGRATIONS_DIR);
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

  /** A flag's value, else the variable's: the two sources that are not in the file. */
  private Given given(Setting<?> setting) {
    String flag = flags.get(setting.key());
    if (flag != null) {
      return new Given(flag, flagName(setting));
    }
    return variables.get(setting);
  }

  private static String flagName(Setting<?> setting) {
    return setting == SettingsTable.PASSWORD ? "the password prompt (-W)" : setting.flag();
  }

  /** The sources of one key, strongest first. */
  private final class Layers {
    private final ConfigFile file;
    private final String environment;

    Layers(ConfigFile file, String environment) {
      this.file = file;
      this.environment = environment;
    }

    /** The parsed value from the strongest source, or the default. */
    <T> T value(Setting<T> setting) {
      Part part = part(setting, null);
      return part == null ? setting.defaultValue() : setting.parse(part.value(), part.source());
    }

    /** The text from the strongest source with its rank, checked by the setting's parser. */
    Part part(Setting<?> setting, String libpqVariable) {
      Given g = given(setting);
      if (g != null) {
        setting.parse(g.text(), g.name());
        Rank rank = flags.containsKey(setting.key()) ? Rank.FLAG : Rank.ENVIRONMENT;
        return Part.of(g.text(), rank, g.name());
      }
      String v = file.get(environment, setting.key());
      if (v != null) {
        String source = fileSource(setting);
        setting.parse(v, source);
        return Part.of(v, Rank.FILE, source);
      }
      String ambient = libpqVariable == null ? null : env.get(libpqVariable);
      if (ambient != null && !ambient.isBlank()) {
        setting.parse(ambient, libpqVariable);
        return Part.of(ambient.strip(), Rank.LIBPQ, libpqVariable);
      }
      return null;
    }

    String fileValue(Setting<?> setting) {
      return file.get(environment, setting.key());
    }

    private String fileSource(Setting<?> setting) {
      boolean inEnvironment =
          environment != null && file.hasInEnvironment(environment, setting.key());
      return file.path() + ": " + (inEnvironment ? "env." + environment + "." : "") + setting.key();
    }
  }
}
