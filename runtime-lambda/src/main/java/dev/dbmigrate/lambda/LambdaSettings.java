package dev.dbmigrate.lambda;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigratorConfig;
import dev.dbmigrate.engine.settings.Setting;
import dev.dbmigrate.engine.settings.SettingsTable;
import dev.dbmigrate.engine.settings.SettingsTable.Given;
import java.time.Duration;
import java.util.Map;

/**
 * The function's configuration, read from its environment once per container by the settings table
 * the command line uses too ({@link SettingsTable}): every message names the variable to fix, empty
 * values count as unset, unknown {@code DBMIGRATE_} variables are refused, and the older names
 * (DBMIGRATE_DB_HOST, DBMIGRATE_DB_PORT, DBMIGRATE_DB_NAME, DBMIGRATE_SSLMODE) still work.
 *
 * @param secretId name or ARN of the credentials secret; null when {@code url} is set
 * @param url a full JDBC URL for local runs; null when {@code secretId} is set
 * @param user with {@code url} only
 * @param password with {@code url} only
 * @param host overrides the secret's host, e.g. another endpoint of the cluster (not a proxy: the
 *     run lock needs a session of its own on the server); may be null
 * @param port overrides the secret's port; may be null
 * @param dbName overrides the secret's dbname; may be null
 * @param sslMode the driver's sslmode
 * @param tenantSchema the schema that holds the history table and is the migrations' search path;
 *     null for the server's default search path
 * @param schemaGiven whether DBMIGRATE_SCHEMA was set (a target's schema may not contradict it)
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
    String tenantSchema,
    boolean schemaGiven,
    String migrationsPackage,
    String region,
    Duration connectTimeout,
    Duration loginTimeout,
    MigratorConfig engine) {

  static final String SECRET_ID = SettingsTable.SECRET_ID.variable();
  static final String URL = SettingsTable.URL.variable();
  static final String SSLMODE = SettingsTable.SSL_MODE.variable();
  static final String SCHEMA = SettingsTable.SCHEMA.variable();
  static final String TENANT_SCHEMA = SettingsTable.TENANT_SCHEMA.variable();

  /** TLS is verified by default in the function: its database is always a remote one. */
  static final String DEFAULT_SSLMODE = "verify-full";

  static LambdaSettings from(Map<String, String> env) {
    Map<Setting<?>, Given> given = SettingsTable.fromEnvironment(env, Setting.Scope.LAMBDA);
    Reader r = new Reader(given);
    String secretId = r.get(SettingsTable.SECRET_ID);
    String url = r.get(SettingsTable.URL);
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
      r.onlyWith(URL, SettingsTable.HOST, SettingsTable.PORT, SettingsTable.DATABASE);
      if (url.contains("sslmode=")) {
        throw invalid(URL + " sets sslmode; set it with " + SSLMODE + " instead");
      }
    } else {
      r.onlyWith(SECRET_ID, SettingsTable.USER, SettingsTable.PASSWORD);
    }
    String sslMode = r.get(SettingsTable.SSL_MODE);
    String function = env.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "");
    MigratorConfig engine =
        SettingsTable.engineConfig(r::value)
            .withAppliedBy(function.isEmpty() ? "lambda" : "lambda:" + function);
    String tenant = r.get(SettingsTable.TENANT_SCHEMA);
    String schema = r.get(SettingsTable.SCHEMA);
    if (tenant != null) {
      if (schema != null && !schema.equals(tenant)) {
        throw invalid(
            TENANT_SCHEMA
                + " '"
                + tenant
                + "' and "
                + SCHEMA
                + " '"
                + schema
                + "' disagree: a tenant's history table lives in its own schema; set only "
                + TENANT_SCHEMA);
      }
      engine = engine.withHistoryTable(tenant, engine.table());
    }
    return new LambdaSettings(
        secretId,
        url,
        url == null ? null : r.value(SettingsTable.USER),
        r.get(SettingsTable.PASSWORD),
        r.get(SettingsTable.HOST),
        r.get(SettingsTable.PORT),
        r.get(SettingsTable.DATABASE),
        sslMode == null ? DEFAULT_SSLMODE : sslMode,
        tenant,
        schema != null,
        r.value(SettingsTable.MIGRATIONS_PACKAGE),
        r.get(SettingsTable.REGION),
        r.value(SettingsTable.CONNECT_TIMEOUT),
        r.value(SettingsTable.LOGIN_TIMEOUT),
        engine);
  }

  /**
   * The same settings for one target of a fleet: its secret or URL in place of the configured
   * connection (the configured host, port and database overrides belong to that connection and do
   * not apply), its schema, when it names one, as the tenant schema. Every other setting stays.
   *
   * @param secretId the target's secret, or null when it gives {@code url}
   * @param url the target's JDBC URL, or null
   * @param schema the target's tenant schema, or null for the function's own (if any)
   */
  LambdaSettings forTarget(String secretId, String url, String schema) {
    if (url != null && url.contains("sslmode=")) {
      throw invalid("the target's url sets sslmode; set it for every target with " + SSLMODE);
    }
    if (schema != null && schemaGiven && !schema.equals(engine.schema())) {
      throw invalid(
          "the target's schema '"
              + schema
              + "' and "
              + SCHEMA
              + " '"
              + engine.schema()
              + "' disagree: a tenant's history table lives in its own schema; remove "
              + SCHEMA);
    }
    String tenant = schema != null ? schema : tenantSchema;
    return new LambdaSettings(
        secretId,
        url,
        url == null ? null : (user != null ? user : SettingsTable.USER.defaultValue()),
        url == null ? null : password,
        null,
        null,
        null,
        sslMode,
        tenant,
        schemaGiven,
        migrationsPackage,
        region,
        connectTimeout,
        loginTimeout,
        tenant == null ? engine : engine.withHistoryTable(tenant, engine.table()));
  }

  /** Where the credentials come from, for log lines. Never the password. */
  String describe() {
    return (secretId != null
            ? "secret " + secretId
            : "url " + dev.dbmigrate.engine.settings.JdbcUrl.mask(url))
        + (host != null ? ", host " + host : "")
        + (port != null ? ", port " + port : "")
        + (dbName != null ? ", db " + dbName : "")
        + ", sslmode "
        + sslMode
        + (tenantSchema != null ? ", tenant schema " + tenantSchema : "")
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

  /** Typed reads of the given variables, each failure naming the variable as it was set. */
  private record Reader(Map<Setting<?>, Given> given) {

    /** The value given, or null. */
    <T> T get(Setting<T> setting) {
      Given g = given.get(setting);
      return g == null ? null : setting.parse(g.text(), g.name());
    }

    /** The value given, or the table's default. */
    <T> T value(Setting<T> setting) {
      T v = get(setting);
      return v == null ? setting.defaultValue() : v;
    }

    void onlyWith(String mode, Setting<?>... settings) {
      for (Setting<?> s : settings) {
        Given g = given.get(s);
        if (g != null) {
          throw invalid(g.name() + " does not apply with " + mode + "; remove it");
        }
      }
    }
  }
}
