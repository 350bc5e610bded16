package dev.dbmigrate.engine;

import dev.dbmigrate.engine.schema.SchemaDiff;
import java.util.List;

/**
 * What {@code test} found: every migration it checked in order, and the first that failed.
 *
 * @param scratchDatabase the database it worked in (dropped by now unless it was given)
 * @param from the migration the scratch database was migrated to before testing, or null
 * @param tested the migrations whose up, down and up again were checked and passed, in order
 * @param notReversible migrations that cannot be reverted (no down): only their up was run
 * @param failure the first migration that failed, or null when all passed
 */
public record TestResult(
    String scratchDatabase,
    String from,
    List<String> tested,
    List<String> notReversible,
    Failure failure) {

  public TestResult {
    tested = List.copyOf(tested);
    notReversible = List.copyOf(notReversible);
  }

  public boolean passed() {
    return failure == null;
  }

  /** The step of a migration's round trip that failed. */
  public enum Step {
    /** Its up failed. */
    UP,
    /** Its down failed. */
    DOWN,
    /** Its down ran but did not bring back the schema from before its up. */
    RESTORE,
    /** Its up, run again after the down, failed. */
    UP_AGAIN,
    /** Its up, run again after the down, built another schema than the first time. */
    REPEAT
  }

  /**
   * The first migration that failed, and how.
   *
   * @param migration its name
   * @param step what failed
   * @param message the failure's message for UP, DOWN and UP_AGAIN; null for RESTORE and REPEAT
   * @param diff for RESTORE and REPEAT, what differs; empty otherwise
   */
  public record Failure(String migration, Step step, String message, SchemaDiff diff) {}
}
