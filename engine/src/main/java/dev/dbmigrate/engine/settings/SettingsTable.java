package dev.dbmigrate.engine.settings;

import static dev.dbmigrate.engine.settings.Setting.Scope.BOTH;
import static dev.dbmigrate.engine.settings.Setting.Scope.CLI;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigratorConfig;
import dev.dbmigrate.engine.settings.Setting.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every setting of dbmigrate, for every front end: the command line reads each as a flag, a
 * variable and a config-file key; the Lambda function as a variable. A new setting is one line here
 * (plus its use); the front ends, their checks and the lists in their messages follow.
 */
public final class SettingsTable {

  private static final List<Setting<?>> ROWS = new ArrayList<>();

  /** Every setting, in the order documents list them. */
  public static final List<Setting<?>> ALL = Collections.unmodifiableList(ROWS);

  // key, parser, default, scope, older variable names, meaning
  public static final Setting<String> URL =
      add("url", Parsers.JDBC_URL, null, BOTH, "the database as a JDBC URL");
  public static final Setting<String> HOST =
      add("host", Parsers.TEXT, "localhost", BOTH, "the database host", "DBMIGRATE_DB_HOST");
  public static final Setting<Integer> PORT =
      add("port", Parsers.PORT, "5432", BOTH, "the database port", "DBMIGRATE_DB_PORT");
  public static final Setting<String> DATABASE =
      add("database", Parsers.TEXT, "dbmigrate", BOTH, "the database name", "DBMIGRATE_DB_NAME");
  public static final Setting<String> USER =
      add("user", Parsers.TEXT, "postgres", BOTH, "the database user");
  public static final Setting<String> PASSWORD =
      add("password", Parsers.SECRET, null, BOTH, "the password");
  public static final Setting<String> PASSWORD_FILE =
      add("password-file", Parsers.TEXT, null, CLI, "a file holding the password");
  public static final Setting<String> SECRET_ID =
      add("secret-id", Parsers.TEXT, null, BOTH, "AWS Secrets Manager secret with the login");
  public static final Setting<String> REGION =
      add("region", Parsers.TEXT, null, BOTH, "the secret's AWS region");
  public static final Setting<String> SSL_MODE =
      add("ssl-mode", Parsers.SSL_MODE, null, BOTH, "the driver's sslmode", "DBMIGRATE_SSLMODE");
  public static final Setting<Duration> CONNECT_TIMEOUT =
      add("connect-timeout", Parsers.DURATION_PARSER, "10s", BOTH, "wait for TCP to connect");
  public static final Setting<Duration> LOGIN_TIMEOUT =
      add("login-timeout", Parsers.DURATION_PARSER, "20s", BOTH, "wait for the login to finish");
  public static final Setting<String> SCHEMA =
      add("schema", Parsers.IDENTIFIER_PARSER, "public", BOTH, "the history table's schema");
  public static final Setting<String> TABLE =
      add("table", Parsers.IDENTIFIER_PARSER, "dbmigrate_migrations", BOTH, "the history table");
  public static final Setting<String> TENANT_SCHEMA =
      add("tenant-schema", Parsers.IDENTIFIER_PARSER, null, BOTH, "history and search_path schema");
  public static final Setting<String> MIGRATIONS_DIR =
      add("migrations-dir", Parsers.TEXT, null, CLI, "the migrations' source folder");
  public static final Setting<String> MIGRATIONS_PACKAGE =
      add("migrations-package", Parsers.JAVA_PACKAGE, "db.migration", BOTH, "their package");
  public static final Setting<Duration> LOCK_WAIT_TIMEOUT =
      add("lock-wait-timeout", Parsers.DURATION_PARSER, "60s", BOTH, "wait for another run");
  public static final Setting<Duration> LOCK_TIMEOUT =
      add("lock-timeout", Parsers.DURATION_PARSER, "5s", BOTH, "lock_timeout of a migration");
  public static final Setting<Duration> STATEMENT_TIMEOUT =
      add("statement-timeout", Parsers.DURATION_PARSER, "30m", BOTH, "its statement_timeout");
  public static final Setting<Integer> LOCK_RETRIES =
      add("lock-retries", Parsers.COUNT, "3", BOTH, "retries after a lock timeout");
  public static final Setting<Boolean> ALLOW_OUT_OF_ORDER =
      add("allow-out-of-order", Parsers.BOOLEAN, "false", BOTH, "run late-merged migrations");
  public static final Setting<String> DEFAULT_ENV =
      add("default-env", Parsers.TEXT, null, CLI, "the config file's environment without --env");
  public static final Setting<String> CONFIG =
      add("config", Parsers.TEXT, null, CLI, "the config file");
  public static final Setting<String> ENV =
      add("env", Parsers.TEXT, null, CLI, "the config file's environment");

  /**
   * DBMIGRATE_ variables that are not settings but are read by the launcher, the tests or the
   * release archive's pipeline examples (which set them for the whole job), so an unknown one can
   * still be refused as a typo.
   */
  public static final List<String> OTHER_VARIABLES =
      List.of(
          "DBMIGRATE_HOME",
          "DBMIGRATE_CACHE_DIR",
          "DBMIGRATE_CDS",
          "DBMIGRATE_JAVA_OPTS",
          "DBMIGRATE_VERSION",
          "DBMIGRATE_ARCHIVE_URL");

  private static final List<String> OTHER_PREFIXES = List.of("DBMIGRATE_TEST_", "DBMIGRATE_BENCH_");

  /** A value and how it was given (the variable's name, or a flag), for messages. */
  public record Given(String text, String name) {}

  private SettingsTable() {}

  private static <T> Setting<T> add(
      String key, Parser<T> parser, String def, Scope scope, String meaning, String... aliases) {
    Setting<T> s = new Setting<>(key, parser, def, scope, List.of(aliases), meaning);
    ROWS.add(s);
    return s;
  }

  /** The settings a front end reads. */
  public static List<Setting<?>> of(Scope frontEnd) {
    return ALL.stream().filter(s -> s.appliesTo(frontEnd)).toList();
  }

  /** The setting with this key for the front end, or null. */
  public static Setting<?> byKey(Scope frontEnd, String key) {
    for (Setting<?> s : of(frontEnd)) {
      if (s.key().equals(key)) {
        return s;
      }
    }
    return null;
  }

  /**
   * The settings an environment gives, by the rules both front ends share: a blank value is unset
   * (templates write "" for what they leave out), an older name counts as its setting, and an
   * unknown {@code DBMIGRATE_} variable is refused, since a typo would otherwise be ignored.
   */
  public static Map<Setting<?>, Given> fromEnvironment(Map<String, String> env, Scope frontEnd) {
    Map<Setting<?>, Given> given = new LinkedHashMap<>();
    List<String> known = new ArrayList<>();
    for (Setting<?> s : of(frontEnd)) {
      List<String> names = new ArrayList<>();
      names.add(s.variable());
      names.addAll(s.aliases());
      known.addAll(names);
      for (String name : names) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
          continue;
        }
        Given before = given.get(s);
        if (before != null && !before.text().equals(value.strip())) {
          throw new MigrationException(
              ErrorCode.CONFIGURATION,
              before.name() + " and " + name + " both set " + s.key() + "; keep " + s.variable());
        }
        given.putIfAbsent(s, new Given(value.strip(), name));
      }
    }
    for (String name : new TreeSet<>(env.keySet())) {
      if (name.startsWith("DBMIGRATE_")
          && !known.contains(name)
          && !OTHER_VARIABLES.contains(name)
          && OTHER_PREFIXES.stream().noneMatch(name::startsWith)) {
        Setting<?> elsewhere = elsewhere(name);
        throw new MigrationException(
            ErrorCode.CONFIGURATION,
            "unknown variable "
                + name
                + (elsewhere == null
                    ? "; the known ones are " + String.join(", ", variables(frontEnd))
                    : ": " + elsewhere.key() + " is not a setting here"));
      }
    }
    return given;
  }

  private static Setting<?> elsewhere(String name) {
    for (Setting<?> s : ALL) {
      if (s.variable().equals(name) || s.aliases().contains(name)) {
        return s;
      }
    }
    return null;
  }

  private static List<String> variables(Scope frontEnd) {
    return of(frontEnd).stream().map(Setting::variable).toList();
  }

  /** Reads settings: a front end's answer for each, or the default when nothing gives one. */
  public interface Values {
    <T> T get(Setting<T> setting);
  }

  /** The engine's settings from a front end's values. */
  public static MigratorConfig engineConfig(Values v) {
    return MigratorConfig.defaults()
        .withHistoryTable(v.get(SCHEMA), v.get(TABLE))
        .withTimeouts(v.get(LOCK_WAIT_TIMEOUT), v.get(LOCK_TIMEOUT), v.get(STATEMENT_TIMEOUT))
        .withRetries(v.get(LOCK_RETRIES), MigratorConfig.DEFAULT_RETRY_BACKOFF)
        .withAllowOutOfOrder(v.get(ALLOW_OUT_OF_ORDER));
  }
}
