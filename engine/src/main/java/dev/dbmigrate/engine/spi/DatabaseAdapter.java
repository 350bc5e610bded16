package dev.dbmigrate.engine.spi;

import dev.dbmigrate.engine.AppliedMigration;
import dev.dbmigrate.engine.LockHolder;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything the engine needs that differs between database engines: the history table, the run
 * lock, the session timeouts, what a failure means and how a lock wait is explained. An adapter
 * holds no migration rules (order, checksums, batches, what to do when something fails): those live
 * in the engine's commands, so a new engine is one small class. Each adapter passes the contract
 * suite ({@code AdapterContract} in the engine's test jar) against a real server of its engine.
 *
 * <p>An adapter is made for one history table ({@link Engines#adapter}) and is immutable; it never
 * keeps a connection. Every method that takes a {@link Connection} uses it as it is: it commits
 * nothing, rolls nothing back and changes no setting the caller did not ask for. Changes to the
 * history and the timeouts are described as {@link DbStatement}s, which the engine sends or, in a
 * dry run, shows.
 *
 * <p>A later method to read the schema of a database (for snapshots and drift checks) belongs here
 * too, beside {@link #readHistory}: it reads only, on a connection the caller gives.
 */
public interface DatabaseAdapter {

  /** The engine's name, dialect, SQL syntax and wording. Constant for the adapter's life. */
  EngineTraits traits();

  /**
   * The history table as this engine's SQL names it, e.g. {@code "public"."dbmigrate_migrations"}.
   */
  String historyTable();

  /**
   * The statements that create the history table (and its schema when absent), or bring a table of
   * an older version up to date; empty when the table is current. Reads the catalog only; the
   * engine sends the statements under the run lock. With {@code c} null (an offline dry run) it
   * describes a database that has nothing yet but its default schema.
   */
  List<DbStatement> prepareHistory(Connection c) throws SQLException;

  /**
   * Every history row ordered by batch, then name; an empty list, not an error, when the table does
   * not exist yet. Reads only, and works on a table of an older version.
   */
  List<AppliedMigration> readHistory(Connection c) throws SQLException;

  /** The statement that makes {@code change} to the history table. */
  DbStatement write(HistoryWrite change);

  /**
   * The history change that ends a transactional migration ({@link HistoryWrite.Insert} or {@link
   * HistoryWrite.Delete} in its transaction) followed by the COMMIT of that transaction, as one
   * statement the engine sends in one round trip instead of two. Before it changes anything it
   * checks that it runs in transaction {@code transaction} (the id the statement of {@link
   * #setTimeouts} returned), and fails when not, so that nothing of a transaction the migration's
   * own SQL began is committed; {@link #endedTransaction} recognises that failure. Empty (the
   * default) when this engine cannot; the engine then sends {@link #write}, compares the ids and
   * commits.
   */
  default Optional<DbStatement> writeAndCommit(HistoryWrite change, long transaction) {
    return Optional.empty();
  }

  /** Whether {@code e}, raised by a {@link #writeAndCommit} statement, is its transaction check. */
  default boolean endedTransaction(SQLException e) {
    return false;
  }

  /**
   * Takes the run lock for the life of connection {@code c} without waiting: true when taken, false
   * when another session holds it. The lock belongs to the session, so it disappears when the
   * connection dies: a killed run never leaves a stale lock. It is keyed by the history table, so
   * two histories in one database do not block each other.
   */
  boolean tryLock(Connection c) throws SQLException;

  /** Releases the lock {@link #tryLock} took on {@code c}; nothing when it holds none. */
  void unlock(Connection c) throws SQLException;

  /** The session holding the run lock, or empty when nobody does. Reads only. */
  Optional<LockHolder> lockHolder(Connection c) throws SQLException;

  /**
   * Sets the lock wait limit and the statement limit (zero: none) for the statements that follow:
   * for the current transaction only when {@code transactionLocal} (the statement then returns the
   * transaction's id, {@link DbStatement.Returns#TRANSACTION_ID}), else for the session until
   * {@link #resetTimeouts}. An engine that counts in whole seconds rounds up.
   */
  DbStatement setTimeouts(Duration lock, Duration statement, boolean transactionLocal);

  /**
   * {@link #setTimeouts} for a transaction ({@code transactionLocal}), which also tells whether the
   * session {@code lockSession} ({@link #sessionId}) still holds the run lock: the transaction id
   * it returns is 0 when it does not. The engine sends it at the start of every transactional
   * migration instead of a separate check on the lock's connection, so the check costs no round
   * trip of its own. Empty (the default) when this engine cannot tell in that statement; the engine
   * then checks the lock's connection before each migration.
   */
  default Optional<DbStatement> setTimeoutsHoldingLock(
      Duration lock, Duration statement, long lockSession) {
    return Optional.empty();
  }

  /**
   * The statements a transactional SQL migration's own statements can travel with, so that they
   * need no round trips of their own: {@link ScriptFrame#opening()} is sent in the same round trip
   * as the migration's first statement and does what {@link #setTimeoutsHoldingLock} does, {@link
   * ScriptFrame#closing()} in the same round trip as its last and does what {@link #writeAndCommit}
   * does with {@code change}. A one-statement SQL migration then costs one round trip instead of
   * three, which matters most where each costs milliseconds (a database behind a tunnel).
   *
   * <p>Both are literal SQL, without parameters, since they share a text with the migration's
   * statement. The opening fails, before any statement after it runs, when session {@code
   * lockSession} no longer holds the run lock ({@link #lockLost} recognises that failure); the
   * closing fails, before it changes anything, when it does not run in the transaction the opening
   * ran in ({@link #endedTransaction}); the execution time it records is measured by the server,
   * from the start of the transaction. Empty (the default) when this engine cannot; the engine then
   * sends the statements one by one.
   */
  default Optional<ScriptFrame> scriptFrame(
      Duration lock, Duration statement, long lockSession, HistoryWrite change) {
    return Optional.empty();
  }

  /**
   * Literal SQL statements that, sent in the round trip of a migration's closing ({@link
   * #writeAndCommit} or a {@link ScriptFrame}'s closing) right after its COMMIT, begin the next
   * migration's transaction and do there what {@link #setTimeoutsHoldingLock} does: the last
   * returns the new transaction's id as its last column, or 0 when session {@code lockSession} no
   * longer holds the run lock, and keeps the id for a {@link ScriptFrame} closing. The engine then
   * sends no opening of its own for the next migration, so a Java migration costs two round trips.
   * They never fail on their own, so an error in that round trip is the closing's. Empty (the
   * default) when this engine cannot.
   */
  default Optional<List<String>> openingAfterCommit(
      Duration lock, Duration statement, long lockSession) {
    return Optional.empty();
  }

  /** Whether {@code e}, raised by a {@link ScriptFrame}'s opening, says the run lock is gone. */
  default boolean lockLost(SQLException e) {
    return false;
  }

  /** Puts session-wide limits set by {@link #setTimeouts} back to the server's defaults. */
  DbStatement resetTimeouts();

  /** The server's id of the session on {@code c}: the one lock holders and waits are named by. */
  long sessionId(Connection c) throws SQLException;

  /**
   * Whether the session a running row names ({@link AppliedMigration#backend}, written by {@link
   * HistoryWrite.MarkRunning}) still exists. When unsure (no privilege to see it), true: waiting is
   * safe, running the migration a second time is not.
   */
  boolean sessionAlive(Connection c, AppliedMigration running) throws SQLException;

  /**
   * Asked on {@code observer} while session {@code waiter} runs a migration: what lock it waits for
   * and which session holds it, in words that name the holder's id, or empty when it waits for
   * nothing. Reads only, from the server's own views; never blocks.
   */
  Optional<String> describeLockWait(Connection observer, long waiter) throws SQLException;

  /** What {@code e}, raised by this engine's driver, means. */
  FailureKind classify(SQLException e);

  /**
   * The identifier quoted for this engine's SQL, refused with {@link
   * dev.dbmigrate.engine.MigrationException} ({@code CONFIGURATION}) when the engine cannot hold
   * it: too long, or with characters a plain name may not have. {@code what} names it in the
   * message ("history table").
   */
  String quote(String what, String identifier);
}
