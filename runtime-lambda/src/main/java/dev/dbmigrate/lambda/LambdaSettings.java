package dev.dbmigrate.lambda;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigratorConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The function's configuration, read from its environment once per container and validated there:
 * every message names the variable to fix. Empty values count as unset, since templates often write
 * "" for an option they leave out.
 *
 * @param secretId name or ARN of the credentials secret; null when {@code url} is set
 * @param url a full JDBC URL for local runs; null when {@code secretId} is set
 * @param user with {@code url} only
 * @param password with {@code url} only
 * @param host overrides the secret's host, e.g. an RDS Proxy endpoint; may be null
 * @param port overrides the secret's port; may be null
 * @param dbName overrides the secret's dbname; may be null
 * @param sslMode the driver's sslmode
 */
record LambdaSettings(
    String secretId,
    String url,
    String user,
    String password,
    String host,
    Integer port,
    String dbName,
    String sslMode,
    String migrationsPackage,
    MigratorConfig engine) {

  static final String SECRET_ID = "DBMIGRATE_SECRET_ID";
  static final String URL = "DBMIGRATE_URL";
  static final String USER = "DBMIGRATE_USER";
  static final String PASSWORD = "DBMIGRATE_PASSWORD";
  static final String DB_HOST = "DBMIGRATE_DB_HOST";
  static final String DB_PORT = "DBMIGRATE_DB_PORT";
  static final String DB_NAME = "DBMIGRATE_DB_NAME";
  static final String SCHEMA = "DBMIGRATE_SCHEMA";
  static final String TABLE = "DBMIGRATE_TABLE";
  static final String LOCK_WAIT_TIMEOUT = "DBMIGRATE_LOCK_WAIT_TIMEOUT";
  static final String LOCK_TIMEOUT = "DBMIGRATE_LOCK_TIMEOUT";
  static final String STATEMENT_TIMEOUT = "DBMIGRATE_STATEMENT_TIMEOUT";
  static final String LOCK_RETRIES = "DBMIGRATE_LOCK_RETRIES";
  static final String MIGRATIONS_PACKAGE = "DBMIGRATE_MIGRATIONS_PACKAGE";
  static final String SSLMODE = "DBMIGRATE_SSLMODE";

  static final String DEFAULT_PACKAGE = "db.migration";
  static final String DEFAULT_SSLMODE = "verify-full";

  private static final Set<String> KNOWN =
      Set.of(
          SECRET_ID,
          URL,
          USER,
          PASSWORD,
          DB_HOST,
          DB_PORT,
          DB_NAME,
          SCHEMA,
          TABLE,
          LOCK_WAIT_TIMEOUT,
          LOCK_TIMEOUT,
          STATEMENT_TIMEOUT,
          LOCK_RETRIES,
          MIGRATIONS_PACKAGE,
          SSLMODE);
  private static final Set<String> SSL_MODES =
      Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)?");
  private static final Pattern PACKAGE =
      Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");

  static LambdaSettings from(Map<String, String> env) {
    Reader r = new Reader(env);
    r.rejectUnknown();
    String secretId = r.get(SECRET_ID);
    String url = r.get(URL);
    if ((secretId == null) == (url == null)) {
      throw invalid(
          secretId == null
              ? SECRET_ID
                  + " is not set: give the name or ARN of the secret with the database"
                  + " credentials (or "
                  + URL
                  + " for a local run)"
              : "set " + SECRET_ID + " or " + URL + ", not both");
    }
    if (url != null) {
      r.onlyWith(URL, DB_HOST, DB_PORT, DB_NAME);
      if (!url.startsWith("jdbc:postgresql:")) {
        throw invalid(
            URL
                + " is not a PostgreSQL JDBC URL; write it as"
                + " jdbc:postgresql://<host>:<port>/<database>");
      }
      if (url.contains("sslmode=")) {
        throw invalid(URL + " sets sslmode; set it with " + SSLMODE + " instead");
      }
    } else {
      r.onlyWith(SECRET_ID, USER, PASSWORD);
    }
    String sslMode = r.get(SSLMODE, DEFAULT_SSLMODE);
    if (!SSL_MODES.contains(sslMode)) {
      throw invalid(
          SSLMODE
              + " '"
              + sslMode
              + "' is not an sslmode; use one of "
              + new TreeSet<>(SSL_MODES)
              + " (verify-full unless the database has no TLS)");
    }
    String pkg = r.get(MIGRATIONS_PACKAGE, DEFAULT_PACKAGE);
    if (!PACKAGE.matcher(pkg).matches()) {
      throw invalid(MIGRATIONS_PACKAGE + " '" + pkg + "' is not a Java package name");
    }
    return new LambdaSettings(
        secretId,
        url,
        r.get(USER),
        r.get(PASSWORD),
        r.get(DB_HOST),
        r.port(DB_PORT),
        r.get(DB_NAME),
        sslMode,
        pkg,
        engine(r, env));
  }

  private static MigratorConfig engine(Reader r, Map<String, String> env) {
    MigratorConfig defaults = MigratorConfig.defaults();
    MigratorConfig c = defaults;
    String schema = r.get(SCHEMA, defaults.schema());
    String table = r.get(TABLE, defaults.table());
    c = r.apply(SCHEMA, c, x -> x.withHistoryTable(schema, x.table()));
    c = r.apply(TABLE, c, x -> x.withHistoryTable(x.schema(), table));
    Duration lockWait = r.duration(LOCK_WAIT_TIMEOUT, defaults.lockWaitTimeout());
    Duration lock = r.duration(LOCK_TIMEOUT, defaults.lockTimeout());
    Duration statement = r.duration(STATEMENT_TIMEOUT, defaults.statementTimeout());
    c = c.withTimeouts(lockWait, lock, statement);
    c = c.withRetries(r.count(LOCK_RETRIES, defaults.lockRetries()), defaults.retryBackoff());
    String function = env.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "");
    return c.withAppliedBy(function.isEmpty() ? "lambda" : "lambda:" + function);
  }

  /** Where the credentials come from, for log lines. Never the password. */
  String describe() {
    return (secretId != null
            ? "secret " + secretId
            : "url " + url.replaceAll("password=[^&]*", "password=(hidden)"))
        + (host != null ? ", host " + host : "")
        + (port != null ? ", port " + port : "")
        + (dbName != null ? ", db " + dbName : "")
        + ", sslmode "
        + sslMode
        + ", package "
        + migrationsPackage;
  }

  /** A record would print the password. */
  @Override
  public String toString() {
    return "LambdaSettings[" + describe() + "]";
  }

  private static MigrationException invalid(String message) {
    return new MigrationException(ErrorCode.CONFIGURATION, message);
  }

  /** Typed reads of the environment, each failure naming its variable. */
  private record Reader(Map<String, String> env) {

    String get(String name) {
      String value = env.get(name);
      return value == null || value.isBlank() ? null : value.strip();
    }

    String get(String name, String fallback) {
      String value = get(name);
      return value == null ? fallback : value;
    }

    /** A typo such as DBMIGRATE_LOCK_TIMOUT would otherwise be ignored without a word. */
    void rejectUnknown() {
      for (String name : new TreeSet<>(env.keySet())) {
        if (name.startsWith("DBMIGRATE_") && !KNOWN.contains(name)) {
          throw invalid(
              "unknown variable " + name + "; the function reads " + new TreeSet<>(KNOWN));
        }
      }
    }

    void onlyWith(String mode, String... names) {
      for (String name : names) {
        if (get(name) != null) {
          throw invalid(name + " does not apply with " + mode + "; remove it");
        }
      }
    }

    MigratorConfig apply(String name, MigratorConfig c, UnaryOperator<MigratorConfig> change) {
      try {
        return change.apply(c);
      } catch (MigrationException e) {
        throw invalid(name + ": " + e.getMessage());
      }
    }

    Duration duration(String name, Duration fallback) {
      String text = get(name);
      if (text == null) {
        return fallback;
      }
      Matcher m = DURATION.matcher(text);
      if (!m.matches()) {
        throw invalid(name + " '" + text + "' is not a duration; write e.g. 500ms, 5s, 2m or 1h");
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2) == null ? "s" : m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofSeconds(n);
      };
    }

    int count(String name, int fallback) {
      String text = get(name);
      if (text == null) {
        return fallback;
      }
      try {
        int n = Integer.parseInt(text);
        if (n >= 0) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw invalid(name + " '" + text + "' is not a whole number of 0 or more");
    }

    Integer port(String name) {
      String text = get(name);
      if (text == null) {
        return null;
      }
      try {
        int n = Integer.parseInt(text);
        if (n >= 1 && n <= 65535) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw invalid(name + " '" + text + "' is not a port number (1 to 65535)");
    }
  }
}
