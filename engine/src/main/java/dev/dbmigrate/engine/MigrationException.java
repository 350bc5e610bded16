package dev.dbmigrate.engine;

/**
 * The one exception the engine throws. The message is written for a person: it names the thing that
 * is wrong and what to do about it. It never contains a password.
 */
public final class MigrationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final String migration;

  public MigrationException(ErrorCode code, String message) {
    this(code, null, message, null);
  }

  public MigrationException(ErrorCode code, String message, Throwable cause) {
    this(code, null, message, cause);
  }

  public MigrationException(ErrorCode code, String migration, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.migration = migration;
  }

  public ErrorCode code() {
    return code;
  }

  /** The migration this failure concerns, or null. */
  public String migration() {
    return migration;
  }
}
