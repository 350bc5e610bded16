package dev.dbmigrate.engine;

import java.util.Optional;

/** Who holds the migration lock now, if anyone. */
public record LockStatus(Optional<LockHolder> holder) {}
