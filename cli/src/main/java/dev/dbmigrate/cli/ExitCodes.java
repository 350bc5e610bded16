package dev.dbmigrate.cli;

import dev.dbmigrate.engine.ErrorCode;
import java.util.EnumMap;
import java.util.Map;

/**
 * The one place that chooses process exit codes. Every outcome a pipeline may want to tell apart
 * has its own code; the table is printed by {@code --help} and documented in the README.
 */
public final class ExitCodes {

  public static final int OK = 0;
  public static final int USAGE = 2;
  public static final int INTERNAL = 70;

  private static final Map<ErrorCode, Integer> CODES = new EnumMap<>(ErrorCode.class);

  static {
    CODES.put(ErrorCode.MIGRATION_FAILED, 1);
    CODES.put(ErrorCode.CONFIGURATION, 3);
    CODES.put(ErrorCode.CONNECTION, 4);
    CODES.put(ErrorCode.AUTHENTICATION, 5);
    CODES.put(ErrorCode.LOCKED, 6);
    CODES.put(ErrorCode.LOCK_TIMEOUT, 7);
    CODES.put(ErrorCode.COMPILATION, 8);
    CODES.put(ErrorCode.INVALID_MIGRATIONS, 9);
    CODES.put(ErrorCode.CHECKSUM_MISMATCH, 10);
    CODES.put(ErrorCode.OUT_OF_ORDER, 11);
    CODES.put(ErrorCode.NEEDS_ATTENTION, 12);
    CODES.put(ErrorCode.NOT_FOUND, 13);
    CODES.put(ErrorCode.PENDING, 14);
    CODES.put(ErrorCode.CONNECTION_LOST, 15);
    CODES.put(ErrorCode.UNSAFE_MIGRATION, 16);
    CODES.put(ErrorCode.HISTORY_EXISTS, 17);
    CODES.put(ErrorCode.FUNCTION_ERROR, 20);
    CODES.put(ErrorCode.FUNCTION_UNAVAILABLE, 21);
    CODES.put(ErrorCode.ACCESS_DENIED, 22);
    CODES.put(ErrorCode.SERVICE_UNREACHABLE, 23);
    CODES.put(ErrorCode.INTERNAL, INTERNAL);
  }

  private ExitCodes() {}

  public static int of(ErrorCode code) {
    return CODES.getOrDefault(code, INTERNAL);
  }

  /** The exit code list shown at the end of every command's help, code to meaning. */
  static Map<String, String> helpList() {
    Map<String, String> list = new java.util.LinkedHashMap<>();
    for (String line : HELP_LIST) {
      int colon = line.indexOf(':');
      list.put(line.substring(0, colon), line.substring(colon + 1));
    }
    return list;
  }

  private static final String[] HELP_LIST = {
    "0:success (also: nothing to do)",
    "1:a migration failed; it was rolled back",
    "2:usage error: unknown command or option",
    "3:configuration error",
    "4:cannot connect to the database",
    "5:the database refused the credentials",
    "6:another run holds the migration lock",
    "7:a migration timed out waiting for a table lock",
    "8:a migration does not compile",
    "9:invalid migrations (bad name, duplicate timestamp, applied migration missing)",
    "10:an applied migration was edited",
    "11:a pending migration is older than the newest applied one",
    "12:a non-transactional migration failed part-way earlier",
    "13:the named migration does not exist",
    "14:migrations are pending (status --fail-on-pending)",
    "15:connection lost during the run",
    "16:a migration breaks a lock-safety rule (lint, latest --lint)",
    "17:adopt/baseline: the database already has a dbmigrate history",
    "20:invoke: the function crashed, timed out or ran out of memory",
    "21:invoke: the function does not exist or was throttled",
    "22:invoke: access denied",
    "23:invoke: the Lambda API could not be reached",
    "70:internal error",
  };
}
