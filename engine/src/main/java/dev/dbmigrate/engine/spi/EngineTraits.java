package dev.dbmigrate.engine.spi;

import org.jooq.SQLDialect;

/**
 * What the engine needs to know about a database engine beyond its statements.
 *
 * @param name the engine's name in messages ("PostgreSQL", "MariaDB", "MySQL")
 * @param dialect the jOOQ dialect a migration's {@code DSLContext} renders in, for real and in a
 *     dry run, so one Java migration with jOOQ's DDL DSL runs on every engine
 * @param syntax how SQL migration files and {@code Sql.execute} texts are cut into statements
 * @param transactionalDdl whether DDL takes part in a transaction. When false (MySQL commits every
 *     DDL statement implicitly) every migration is run as a non-transactional one is: recorded as
 *     running before its first statement, applied after its last, failed when it fails part-way.
 * @param lockWaitAdvice how to end a session with a given id, for messages ({@code %d} is the id),
 *     e.g. {@code SELECT pg_terminate_backend(%d)}
 * @param lockTimeoutName the engine's name of the lock wait limit, for messages
 * @param statementTimeoutName the engine's name of the statement limit, for messages
 */
public record EngineTraits(
    String name,
    SQLDialect dialect,
    SqlSyntax syntax,
    boolean transactionalDdl,
    String lockWaitAdvice,
    String lockTimeoutName,
    String statementTimeoutName) {

  /** The advice to end session {@code id}, e.g. {@code SELECT pg_terminate_backend(42)}. */
  public String endSession(long id) {
    return String.format(java.util.Locale.ROOT, lockWaitAdvice, id);
  }
}
