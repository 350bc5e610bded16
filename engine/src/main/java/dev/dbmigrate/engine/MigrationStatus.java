package dev.dbmigrate.engine;

/**
 * One line of {@code status}: a migration with its state, and its history row when it has one.
 *
 * @param outOfOrder pending, but older than the newest applied migration (merged late)
 * @param currentChecksum checksum of the code now, or null when the code is gone
 */
public record MigrationStatus(
    String name,
    MigrationState state,
    AppliedMigration applied,
    String currentChecksum,
    boolean outOfOrder) {}
