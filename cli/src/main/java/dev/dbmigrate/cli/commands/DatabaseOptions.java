package dev.dbmigrate.cli.commands;

import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How to reach the database and how carefully to change it. The password has no plain option, so it
 * never lands in shell history or the process list: use a file, the environment, or the prompt.
 */
public final class DatabaseOptions {

  @Option(
      names = "--url",
      paramLabel = "<jdbc-url>",
      description =
          "JDBC URL, e.g. jdbc:postgresql://localhost:5432/app, without credentials (env DBMIGRATE_URL; default: --host, --port, --database).")
  String url;

  @Option(
      names = {"-u", "--user"},
      paramLabel = "<name>",
      description = "Database user (env DBMIGRATE_USER, then PGUSER; default postgres).")
  String user;

  @Option(
      names = "--password-file",
      paramLabel = "<file>",
      description = "Read the password from this file (or env DBMIGRATE_PASSWORD / PGPASSWORD).")
  String passwordFile;

  @Option(
      names = {"-W", "--password"},
      description = "Prompt for the password (on the terminal, or stderr and stdin).")
  boolean prompt;

  @Option(
      names = "--secret-id",
      paramLabel = "<arn-or-name>",
      description =
          "Take host, port, database, user and password from this AWS Secrets Manager secret (env DBMIGRATE_SECRET_ID).")
  String secretId;

  @Option(
      names = "--host",
      paramLabel = "<host>",
      description =
          "Database host, e.g. localhost for the local end of an SSM tunnel (env DBMIGRATE_HOST, then PGHOST; default localhost).")
  String host;

  @Option(
      names = "--port",
      paramLabel = "<port>",
      description = "Database port (env DBMIGRATE_PORT, then PGPORT; default 5432).")
  String port;

  @Option(
      names = "--database",
      paramLabel = "<name>",
      description =
          "Database name (env DBMIGRATE_DATABASE, then PGDATABASE; default dbmigrate, created when absent).")
  String databaseName;

  @Option(
      names = "--connect-timeout",
      paramLabel = "<duration>",
      description = "How long to wait for the TCP connection (default 10s).")
  String connectTimeout;

  @Option(
      names = "--login-timeout",
      paramLabel = "<duration>",
      description = "How long the whole login may take: TCP, TLS, authentication (default 20s).")
  String loginTimeout;

  @Option(
      names = "--region",
      paramLabel = "<region>",
      description = "AWS region of the secret (default: from its ARN, AWS_REGION or the profile).")
  String region;

  @Option(
      names = "--ssl-mode",
      paramLabel = "<mode>",
      description =
          "The driver's sslmode: disable, prefer (default), require, verify-ca, verify-full.")
  String sslMode;

  @Option(
      names = "--schema",
      paramLabel = "<schema>",
      description = "Schema of the history table (default public).")
  String schema;

  @Option(
      names = "--tenant-schema",
      paramLabel = "<schema>",
      description =
          "A tenant's schema on a shared database: it holds the history table and is the"
              + " migrations' search_path, so one migration serves every tenant.")
  String tenantSchema;

  @Option(
      names = "--table",
      paramLabel = "<table>",
      description = "Name of the history table (default dbmigrate_migrations).")
  String table;

  @Option(
      names = "--lock-wait-timeout",
      paramLabel = "<duration>",
      description = "How long to wait for another run's migration lock (default 60s).")
  String lockWaitTimeout;

  @Option(
      names = "--lock-timeout",
      paramLabel = "<duration>",
      description = "PostgreSQL lock_timeout for each migration (default 5s).")
  String lockTimeout;

  @Option(
      names = "--statement-timeout",
      paramLabel = "<duration>",
      description = "PostgreSQL statement_timeout for each migration (default 30m).")
  String statementTimeout;

  @Option(
      names = "--lock-retries",
      paramLabel = "<n>",
      description =
          "Retries for a migration that hit lock_timeout, with doubling backoff (default 3).")
  String lockRetries;

  void addTo(Map<String, String> flags, java.io.PrintWriter err) {
    ProjectOptions.put(flags, "url", url);
    ProjectOptions.put(flags, "user", user);
    ProjectOptions.put(flags, "password-file", passwordFile);
    if (prompt) {
      flags.put("password", PasswordPrompt.read(err));
    }
    ProjectOptions.put(flags, "database", databaseName);
    ProjectOptions.put(flags, "connect-timeout", connectTimeout);
    ProjectOptions.put(flags, "login-timeout", loginTimeout);
    ProjectOptions.put(flags, "secret-id", secretId);
    ProjectOptions.put(flags, "host", host);
    ProjectOptions.put(flags, "port", port);
    ProjectOptions.put(flags, "region", region);
    ProjectOptions.put(flags, "ssl-mode", sslMode);
    ProjectOptions.put(flags, "schema", schema);
    ProjectOptions.put(flags, "table", table);
    ProjectOptions.put(flags, "tenant-schema", tenantSchema);
    ProjectOptions.put(flags, "lock-wait-timeout", lockWaitTimeout);
    ProjectOptions.put(flags, "lock-timeout", lockTimeout);
    ProjectOptions.put(flags, "statement-timeout", statementTimeout);
    ProjectOptions.put(flags, "lock-retries", lockRetries);
  }
}
