package dev.dbmigrate.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Lambda context whose logger keeps the lines, so tests can read what was logged. */
final class TestContext implements Context, LambdaLogger {

  final List<String> lines = new CopyOnWriteArrayList<>();
  private final String requestId = UUID.randomUUID().toString();
  private final long deadlineNanos;

  /** Every invocation starts with a minute left, however long the test class runs. */
  TestContext() {
    deadlineNanos = Long.MIN_VALUE;
  }

  /** An invocation with {@code remaining} left from now, counting down as Lambda's does. */
  TestContext(java.time.Duration remaining) {
    deadlineNanos = System.nanoTime() + remaining.toNanos();
  }

  String log() {
    return String.join("", lines);
  }

  @Override
  public void log(String message) {
    lines.add(message);
  }

  @Override
  public void log(byte[] message) {
    log(new String(message, StandardCharsets.UTF_8));
  }

  @Override
  public LambdaLogger getLogger() {
    return this;
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/dbmigrate-test";
  }

  @Override
  public String getLogStreamName() {
    return "test";
  }

  @Override
  public String getFunctionName() {
    return "dbmigrate-test";
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:us-east-1:123456789012:function:dbmigrate-test";
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    if (deadlineNanos == Long.MIN_VALUE) {
      return 60_000;
    }
    return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
  }

  @Override
  public int getMemoryLimitInMB() {
    return 512;
  }
}
