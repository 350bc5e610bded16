package dev.dbmigrate.cli;

import dev.dbmigrate.engine.ErrorCode;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that chooses process exit codes. Every outcome a pipeline may want to tell apart
 * has its own code. {@link #TABLE} is the only list: the mapping from error codes, the list {@code
 * --help} prints and the README's table (checked by a test) all come from it.
 */
public final class ExitCodes {

  public static final int OK = 0;
  public static final int USAGE = 2;
  public static final int INTERNAL = 70;

  /**
   * One exit code: the engine's error it reports (null for those chosen by the CLI itself) and its
   * meaning, as {@code --help} prints it and the README's row for it begins.
   */
  record Row(int exit, ErrorCode error, String meaning) {}

  static final List<Row> TABLE =
      List.of(
          new Row(OK, null, "success, including \"nothing to do\""),
          new Row(1, ErrorCode.MIGRATION_FAILED, "a migration failed"),
          new Row(USAGE, null, "usage error: unknown command or option"),
          new Row(3, ErrorCode.CONFIGURATION, "configuration error"),
          new Row(4, ErrorCode.CONNECTION, "cannot connect to the database"),
          new Row(5, ErrorCode.AUTHENTICATION, "the database refused the credentials"),
          new Row(6, ErrorCode.LOCKED, "another run holds the migration lock"),
          new Row(7, ErrorCode.LOCK_TIMEOUT, "a migration timed out waiting for a table lock"),
          new Row(8, ErrorCode.COMPILATION, "a migration does not compile"),
          new Row(
              9,
              ErrorCode.INVALID_MIGRATIONS,
              "invalid migrations (a bad name, a duplicate timestamp, an applied one missing)"),
          new Row(10, ErrorCode.CHECKSUM_MISMATCH, "an applied migration was edited"),
          new Row(
              11, ErrorCode.OUT_OF_ORDER, "a pending migration is older than the newest applied"),
          new Row(
              12,
              ErrorCode.NEEDS_ATTENTION,
              "a non-transactional migration failed part-way or was interrupted earlier"),
          new Row(13, ErrorCode.NOT_FOUND, "the named migration is not in the needed state"),
          new Row(14, ErrorCode.PENDING, "migrations are pending (status --fail-on-pending)"),
          new Row(15, ErrorCode.CONNECTION_LOST, "the connection was lost during the run"),
          new Row(16, ErrorCode.UNSAFE_MIGRATION, "a migration breaks a lock-safety rule"),
          new Row(
              17,
              ErrorCode.HISTORY_EXISTS,
              "adopt/baseline: the database already has a dbmigrate history"),
          new Row(
              18,
              ErrorCode.TEST_FAILED,
              "test: a migration's up or down failed, or its down did not restore the schema"),
          new Row(
              19,
              ErrorCode.DRIFT,
              "drift: the schema differs from what its applied migrations build"),
          new Row(
              20,
              ErrorCode.FUNCTION_ERROR,
              "invoke: the function crashed, timed out or ran out of memory"),
          new Row(
              21,
              ErrorCode.FUNCTION_UNAVAILABLE,
              "invoke: the function does not exist or was throttled"),
          new Row(22, ErrorCode.ACCESS_DENIED, "invoke: access denied"),
          new Row(
              23,
              ErrorCode.SERVICE_UNREACHABLE,
              "invoke: the Lambda API (or STS, for --role-arn) could not be reached"),
          new Row(
              24,
              ErrorCode.TIME_LIMIT,
              "invoke: the function stopped the run before its time limit"),
          new Row(25, ErrorCode.INVALID_TARGETS, "fleet: the list of targets has a bad entry"),
          new Row(
              26,
              ErrorCode.FLEET_THRESHOLD,
              "invoke --fleet: more targets failed than the fleet tolerates"),
          new Row(INTERNAL, ErrorCode.INTERNAL, "internal error (a bug)"));

  private static final Map<ErrorCode, Integer> CODES = new EnumMap<>(ErrorCode.class);

  static {
    for (Row row : TABLE) {
      if (row.error() != null) {
        CODES.put(row.error(), row.exit());
      }
    }
  }

  private ExitCodes() {}

  public static int of(ErrorCode code) {
    return CODES.getOrDefault(code, INTERNAL);
  }

  /** The exit code list shown at the end of every command's help, code to meaning. */
  static Map<String, String> helpList() {
    Map<String, String> list = new LinkedHashMap<>();
    for (Row row : TABLE) {
      list.put(Integer.toString(row.exit()), row.meaning());
    }
    return list;
  }
}
