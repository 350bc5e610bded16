package dev.dbmigrate.engine;

/** A migration that ran in this run, and how long it took including its history row. */
public record ExecutedMigration(String name, Direction direction, long millis) {}
