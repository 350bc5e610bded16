package dev.dbmigrate.engine;

import java.time.Instant;

/**
 * One row of the history table.
 *
 * @param failed true for a non-transactional migration that failed half-way and waits for a person
 */
public record AppliedMigration(
    String name,
    int batch,
    Instant appliedAt,
    long executionMillis,
    String appliedBy,
    String checksum,
    boolean failed) {}
