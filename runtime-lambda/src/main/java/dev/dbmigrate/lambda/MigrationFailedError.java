package dev.dbmigrate.lambda;

import dev.dbmigrate.engine.ErrorCode;

/**
 * Fails an invocation. The message is the failure reply as JSON ({@code {"command", "success":
 * false, "code", "migration", "message", "executed"}}), which the Lambda service hands to the
 * caller as {@code errorMessage} for it to parse. It carries no stack trace and no cause: they
 * would only lengthen that reply and the 4 KB log tail, and the message already says what failed.
 */
public final class MigrationFailedError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  MigrationFailedError(String json, ErrorCode code) {
    super(json, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
