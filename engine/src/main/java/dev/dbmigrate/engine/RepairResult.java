package dev.dbmigrate.engine;

import java.util.List;

/**
 * What {@code repair} changed in the history table.
 *
 * @param realigned applied migrations whose recorded checksum was replaced by the current one
 * @param removedFailed failed non-transactional migrations whose row was removed (they will run
 *     again)
 * @param markedApplied failed migrations marked as applied (finished by hand)
 */
public record RepairResult(
    List<ChecksumChange> realigned, List<String> removedFailed, List<String> markedApplied) {

  public record ChecksumChange(String name, String recorded, String current) {}

  public boolean nothingToDo() {
    return realigned.isEmpty() && removedFailed.isEmpty() && markedApplied.isEmpty();
  }
}
