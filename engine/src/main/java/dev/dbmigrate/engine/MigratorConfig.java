package dev.dbmigrate.engine;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The engine's settings, validated once when built and immutable after. Defaults protect
 * production: a migration waits at most {@code lockTimeout} for a table lock (so DDL never queues
 * behind a long transaction while blocking every other session), and retries that a few times.
 *
 * @param schema schema of the history table (on MySQL a database; the default {@code public} is the
 *     connection's own database there)
 * @param table name of the history table
 * @param lockWaitTimeout how long a run waits for another run to release the migration lock
 * @param lockTimeout how long each statement of a migration may wait for a lock (PostgreSQL {@code
 *     lock_timeout}, MySQL {@code lock_wait_timeout})
 * @param statementTimeout how long each statement of a migration may run (PostgreSQL {@code
 *     statement_timeout}, MariaDB {@code max_statement_time}, MySQL {@code max_execution_time})
 * @param lockRetries how many times a migration that hit {@code lockTimeout} is retried
 * @param retryBackoff wait before the first retry; doubled for each further one
 * @param allowOutOfOrder run pending migrations older than the newest applied one
 * @param appliedBy recorded in the history table, e.g. user@host
 */
public record MigratorConfig(
    String schema,
    String table,
    Duration lockWaitTimeout,
    Duration lockTimeout,
    Duration statementTimeout,
    int lockRetries,
    Duration retryBackoff,
    boolean allowOutOfOrder,
    String appliedBy) {

  public static final String DEFAULT_SCHEMA = "public";
  public static final String DEFAULT_TABLE = "dbmigrate_migrations";
  public static final Duration DEFAULT_LOCK_WAIT_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofMinutes(30);
  public static final int DEFAULT_LOCK_RETRIES = 3;
  public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(2);

  /** A name that needs no quoting on any engine; how long it may be is the engine's to say. */
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public MigratorConfig {
    requireIdentifier("schema", schema);
    requireIdentifier("table", table);
    requireNotNegative("lock wait timeout", lockWaitTimeout);
    requireNotNegative("lock timeout", lockTimeout);
    requireNotNegative("statement timeout", statementTimeout);
    requireNotNegative("retry backoff", retryBackoff);
    if (lockRetries < 0) {
      throw invalid("lock retries must be 0 or more, not " + lockRetries);
    }
    if (appliedBy == null) {
      appliedBy = "";
    }
  }

  public static MigratorConfig defaults() {
    return new MigratorConfig(
        DEFAULT_SCHEMA,
        DEFAULT_TABLE,
        DEFAULT_LOCK_WAIT_TIMEOUT,
        DEFAULT_LOCK_TIMEOUT,
        DEFAULT_STATEMENT_TIMEOUT,
        DEFAULT_LOCK_RETRIES,
        DEFAULT_RETRY_BACKOFF,
        false,
        "");
  }

  public MigratorConfig withHistoryTable(String newSchema, String newTable) {
    return new MigratorConfig(
        newSchema,
        newTable,
        lockWaitTimeout,
        lockTimeout,
        statementTimeout,
        lockRetries,
        retryBackoff,
        allowOutOfOrder,
        appliedBy);
  }

  public MigratorConfig withTimeouts(
      Duration newLockWait, Duration newLock, Duration newStatement) {
    return new MigratorConfig(
        schema,
        table,
        newLockWait,
        newLock,
        newStatement,
        lockRetries,
        retryBackoff,
        allowOutOfOrder,
        appliedBy);
  }

  public MigratorConfig withRetries(int newLockRetries, Duration newRetryBackoff) {
    return new MigratorConfig(
        schema,
        table,
        lockWaitTimeout,
        lockTimeout,
        statementTimeout,
        newLockRetries,
        newRetryBackoff,
        allowOutOfOrder,
        appliedBy);
  }

  public MigratorConfig withAllowOutOfOrder(boolean allow) {
    return new MigratorConfig(
        schema,
        table,
        lockWaitTimeout,
        lockTimeout,
        statementTimeout,
        lockRetries,
        retryBackoff,
        allow,
        appliedBy);
  }

  public MigratorConfig withAppliedBy(String who) {
    return new MigratorConfig(
        schema,
        table,
        lockWaitTimeout,
        lockTimeout,
        statementTimeout,
        lockRetries,
        retryBackoff,
        allowOutOfOrder,
        who);
  }

  private static void requireIdentifier(String what, String value) {
    if (value == null || !IDENTIFIER.matcher(value).matches()) {
      throw invalid(
          "history "
              + what
              + " '"
              + value
              + "' is not a plain SQL identifier"
              + " (letters, digits, underscore; not starting with a digit)");
    }
  }

  private static void requireNotNegative(String what, Duration value) {
    if (value == null || value.isNegative()) {
      throw invalid(what + " must be zero or more, not " + value);
    }
  }

  private static MigrationException invalid(String message) {
    return new MigrationException(ErrorCode.CONFIGURATION, message);
  }
}
