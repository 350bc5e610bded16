package dev.dbmigrate.engine;

import org.jooq.DSLContext;

/**
 * One schema change. Implementations are named {@code M<yyyyMMddHHmmss>_<Description>}; the
 * timestamp (UTC) orders them and the class name is the migration's identity, so a class holds only
 * its SQL work and needs no registration.
 *
 * <p>{@code up} and {@code down} receive a {@link DSLContext} bound to the migration's connection
 * (inside its transaction unless {@link #transactional()} is false). Use jOOQ's DDL DSL, or plain
 * SQL through {@link Sql#execute(DSLContext, String)}, which sends the text exactly as written
 * ({@code db.execute("...")} runs it through jOOQ's templating, which reads {@code ?}, {@code {0}}
 * and quotes inside dollar-quoted bodies as its own syntax).
 */
public interface Migration {

  /** Applies the change. Any exception rolls back the migration's transaction. */
  void up(DSLContext db) throws Exception;

  /** Reverts what {@link #up} did. */
  void down(DSLContext db) throws Exception;

  /**
   * Whether the migration runs inside a transaction together with its history row. Return false
   * only for statements PostgreSQL refuses inside a transaction, such as {@code CREATE INDEX
   * CONCURRENTLY}: a failure half-way then leaves a recorded failed state that needs a person.
   */
  default boolean transactional() {
    return true;
  }

  /**
   * Whether {@link #down} can revert this migration. {@code rollback} and {@code down} refuse,
   * before they revert anything, a run that would revert one that cannot (a SQL migration without
   * its {@code .down.sql} file).
   */
  default boolean reversible() {
    return true;
  }
}
