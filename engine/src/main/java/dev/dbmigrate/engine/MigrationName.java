package dev.dbmigrate.engine;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The identity of a migration, derived from its class name: class {@code
 * M20261124160632_CreateInitialDemoTable} is migration {@code
 * 20261124160632_CreateInitialDemoTable}. Names sort by their timestamp, which is why the timestamp
 * must be a real UTC instant with exactly fourteen digits.
 */
public record MigrationName(String timestamp, String description)
    implements Comparable<MigrationName> {

  /** Classes whose simple name starts like this are migrations; anything else is a helper class. */
  private static final Pattern LOOKS_LIKE_MIGRATION = Pattern.compile("M\\d.*");

  /**
   * Names that are meant as a migration's but are not one: a lowercase {@code m} before the digits,
   * or a timestamp's fourteen digits anywhere else in the name. Ignoring such a class or file would
   * leave a migration silently unapplied.
   */
  private static final Pattern LOOKALIKE = Pattern.compile("m\\d.*|.*\\d{14}.*");

  private static final Pattern CLASS_NAME = Pattern.compile("M(\\d{14})_([A-Za-z][A-Za-z0-9_]*)");
  private static final Pattern SQL_FILE_NAME =
      Pattern.compile("(\\d{14})_([A-Za-z][A-Za-z0-9_]*)\\.(up|down)\\.sql");
  private static final Pattern DESCRIPTION = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withResolverStyle(ResolverStyle.STRICT);

  /** True when a simple class name claims to be a migration (and so must parse). */
  public static boolean looksLikeMigration(String simpleClassName) {
    return LOOKS_LIKE_MIGRATION.matcher(simpleClassName).matches();
  }

  /**
   * True when a name (a simple class name, or a file name without its extension) that is not a
   * migration's looks like one: see {@link #misnamed}.
   */
  public static boolean looksMisnamed(String name) {
    return !looksLikeMigration(name) && LOOKALIKE.matcher(name).matches();
  }

  /** The failure for a class {@link #looksMisnamed} found at {@code where}. */
  public static MigrationException misnamed(String simpleClassName, String where) {
    return new MigrationException(
        ErrorCode.INVALID_MIGRATIONS,
        simpleClassName,
        "class "
            + simpleClassName
            + " ("
            + where
            + ") looks like a migration but is not named M<yyyyMMddHHmmss>_<Description>"
            + " (capital M), so it would never run; rename it (dbmigrate make <Description> writes a"
            + " correctly named class), or if it is a helper, give it a name without a timestamp",
        null);
  }

  /** Parses a simple class name, failing with a message that shows the expected shape. */
  public static MigrationName ofClassName(String simpleClassName) {
    Matcher m = CLASS_NAME.matcher(simpleClassName);
    if (!m.matches()) {
      throw new MigrationException(
          ErrorCode.INVALID_MIGRATIONS,
          simpleClassName,
          "migration class "
              + simpleClassName
              + " is not named M<yyyyMMddHHmmss>_<Description>, e.g. M20261124160632_CreateUsers;"
              + " rename it (dbmigrate make <Description> writes a correctly named class)",
          null);
    }
    String timestamp = m.group(1);
    if (!isValidTimestamp(timestamp)) {
      throw new MigrationException(
          ErrorCode.INVALID_MIGRATIONS,
          simpleClassName,
          "migration class "
              + simpleClassName
              + " has timestamp "
              + timestamp
              + ", which is not a valid UTC date and time (yyyyMMddHHmmss); rename it",
          null);
    }
    return new MigrationName(timestamp, m.group(2));
  }

  /**
   * True when fourteen digits are a real date and time, as {@link #TIMESTAMP} would parse them
   * strictly. From the fields rather than through the formatter: every run checks every migration's
   * name, and the formatter's parse cost a thousand-migration no-op run more than its history
   * query.
   */
  static boolean isValidTimestamp(String digits) {
    try {
      LocalDateTime.of(
          Integer.parseInt(digits, 0, 4, 10),
          Integer.parseInt(digits, 4, 6, 10),
          Integer.parseInt(digits, 6, 8, 10),
          Integer.parseInt(digits, 8, 10, 10),
          Integer.parseInt(digits, 10, 12, 10),
          Integer.parseInt(digits, 12, 14, 10));
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }

  /**
   * True when a file name claims to be a SQL migration ({@code .up.sql} or {@code .down.sql}) and
   * so must parse; other {@code .sql} files are not migrations.
   */
  public static boolean looksLikeSqlMigration(String fileName) {
    return fileName.endsWith(".up.sql") || fileName.endsWith(".down.sql");
  }

  /**
   * Parses a SQL migration's file name, {@code <yyyyMMddHHmmss>_<Description>.up.sql} or {@code
   * .down.sql}, failing with a message that shows the expected shape.
   */
  public static MigrationName ofSqlFileName(String fileName) {
    Matcher m = SQL_FILE_NAME.matcher(fileName);
    if (!m.matches()) {
      throw new MigrationException(
          ErrorCode.INVALID_MIGRATIONS,
          fileName,
          "SQL migration file "
              + fileName
              + " is not named <yyyyMMddHHmmss>_<Description>.up.sql (or .down.sql), e.g."
              + " 20261124160632_CreateUsers.up.sql; rename it (dbmigrate make --sql <Description>"
              + " writes a correctly named pair)",
          null);
    }
    if (!isValidTimestamp(m.group(1))) {
      throw new MigrationException(
          ErrorCode.INVALID_MIGRATIONS,
          fileName,
          "SQL migration file "
              + fileName
              + " has timestamp "
              + m.group(1)
              + ", which is not a valid UTC date and time (yyyyMMddHHmmss); rename it",
          null);
    }
    return new MigrationName(m.group(1), m.group(2));
  }

  /** The file names of this migration written as SQL: the up file and the down file. */
  public String upFileName() {
    return this + ".up.sql";
  }

  public String downFileName() {
    return this + ".down.sql";
  }

  /** Creates the name for a new migration made at {@code when}. */
  public static MigrationName create(LocalDateTime utc, String description) {
    if (!DESCRIPTION.matcher(description).matches()) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "migration name '"
              + description
              + "' is not a valid name: use letters, digits and"
              + " underscores, starting with a letter, e.g. CreateUsersTable");
    }
    return new MigrationName(utc.format(TIMESTAMP), description);
  }

  public static LocalDateTime nowUtc() {
    return LocalDateTime.now(ZoneOffset.UTC).withNano(0);
  }

  /** The migration's name as recorded in the history table. */
  @Override
  public String toString() {
    return timestamp + "_" + description;
  }

  public String className() {
    return "M" + this;
  }

  @Override
  public int compareTo(MigrationName other) {
    int byTime = timestamp.compareTo(other.timestamp);
    return byTime != 0 ? byTime : description.compareTo(other.description);
  }
}
