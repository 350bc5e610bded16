package dev.dbmigrate.cli.config;

import dev.dbmigrate.engine.MigratorConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a command needs, resolved from flags, environment, config file and defaults, in that
 * order. The password is kept out of {@link #toString()} so it cannot leak into output or logs.
 *
 * @param url the JDBC URL; null when it comes from the secret
 * @param user the user; null when it comes from the secret
 * @param migrationsDir the source root of the migrations, e.g. migrations/src/main/java
 * @param migrationsPackage the Java package new migrations are made in
 * @param secret where credentials come from in AWS Secrets Manager, or null
 * @param sslMode the driver's sslmode, or null for the driver's default
 */
public record Settings(
    String url,
    String user,
    String password,
    Path migrationsDir,
    String migrationsPackage,
    String environment,
    Path configFile,
    MigratorConfig engine,
    Secret secret,
    String sslMode) {

  /**
   * A secret in AWS Secrets Manager holding host, port, username, password and dbname (the shape
   * RDS and CDK create), with the host and port overridable for the local end of an SSM tunnel.
   */
  public record Secret(String id, String region, String host, Integer port) {}

  /** Every setting a flag, environment variable (DBMIGRATE_ + upper case) or the file can give. */
  public static final List<String> KEYS =
      List.of(
          "url",
          "user",
          "password",
          "password-file",
          "schema",
          "table",
          "migrations-dir",
          "migrations-package",
          "lock-wait-timeout",
          "lock-timeout",
          "statement-timeout",
          "lock-retries",
          "allow-out-of-order",
          "secret-id",
          "region",
          "host",
          "port",
          "ssl-mode");

  public static final String DEFAULT_URL = "jdbc:postgresql://localhost:5432/postgres";
  public static final String DEFAULT_USER = "postgres";
  public static final String DEFAULT_MIGRATIONS_DIR = "migrations/src/main/java";
  public static final String DEFAULT_PACKAGE = "db.migration";

  static boolean isKnownKey(String key) {
    return KEYS.contains(key);
  }

  /** The environment variable that sets {@code key}. */
  public static String envVar(String key) {
    return "DBMIGRATE_" + key.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
  }

  @Override
  public String toString() {
    return "Settings[url="
        + Redact.url(url)
        + ", user="
        + user
        + ", password="
        + (password == null ? "none" : "***")
        + ", migrationsDir="
        + migrationsDir
        + ", environment="
        + environment
        + ", secret="
        + (secret == null ? "none" : secret.id())
        + "]";
  }
}
