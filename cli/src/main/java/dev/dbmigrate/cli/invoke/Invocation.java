package dev.dbmigrate.cli.invoke;

/**
 * What the Lambda API answered to one synchronous invocation.
 *
 * @param functionError null when the function returned normally, else "Unhandled" or "Handled"
 * @param payload the function's reply, or its error document
 * @param logTail the last 4 KB of the invocation's log, decoded; empty when none came back
 */
record Invocation(String functionError, String payload, String logTail, String executedVersion) {}
