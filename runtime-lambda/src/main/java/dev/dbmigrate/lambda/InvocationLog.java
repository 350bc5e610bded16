package dev.dbmigrate.lambda;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.dbmigrate.engine.Direction;
import dev.dbmigrate.engine.ExecutedMigration;
import dev.dbmigrate.engine.LockHolder;
import dev.dbmigrate.engine.MigrationListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One log line per event of an invocation, each starting with "dbmigrate &lt;command&gt;:", short
 * enough that the 4 KB log tail of an invoke shows the whole run. It also remembers what ran, so a
 * failure's reply can say what was applied before it. Invocations of one container never overlap,
 * so it is reset per invocation rather than built per invocation.
 */
final class InvocationLog implements MigrationListener {

  private static final int MAX_LINE = 600;

  private final List<ExecutedMigration> executed = new ArrayList<>();
  private LambdaLogger logger;
  private String command;

  InvocationLog(LambdaLogger logger) {
    begin("init", logger);
  }

  void begin(String newCommand, LambdaLogger newLogger) {
    command = newCommand;
    logger = newLogger;
    executed.clear();
  }

  List<ExecutedMigration> executed() {
    return List.copyOf(executed);
  }

  void line(String text) {
    String flat = text.replaceAll("\\s*\\R\\s*", "; ");
    if (flat.length() > MAX_LINE) {
      flat = flat.substring(0, MAX_LINE) + "...";
    }
    logger.log("dbmigrate " + command + ": " + flat + "\n");
  }

  @Override
  public void waitingForLock(LockHolder holder, Duration timeout) {
    line(
        "waiting up to "
            + timeout.toSeconds()
            + " s for the migration lock, held by "
            + holder.describe());
  }

  @Override
  public void waitingForRunningMigration(String migration, int pid, Duration timeout) {
    line(
        "waiting up to "
            + timeout.toSeconds()
            + " s for "
            + migration
            + ", still running outside a transaction in database session pid "
            + pid
            + " of a run that ended");
  }

  @Override
  public void finished(String migration, Direction direction, Duration took) {
    executed.add(new ExecutedMigration(migration, direction, took.toMillis()));
    line(
        (direction == Direction.UP ? "applied " : "reverted ")
            + migration
            + " in "
            + took.toMillis()
            + " ms");
  }

  @Override
  public void retrying(String migration, int attempt, Duration delay, String reason) {
    line(
        migration
            + " hit lock_timeout"
            + (reason == null ? "" : " (" + reason + ")")
            + "; retry "
            + attempt
            + " in "
            + delay.toMillis()
            + " ms");
  }
}
