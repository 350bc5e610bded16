package dev.dbmigrate.engine;

import dev.dbmigrate.engine.internal.SqlRunner;
import dev.dbmigrate.engine.lint.SqlScript;
import java.util.List;
import org.jooq.DSLContext;

/**
 * A migration written as SQL files: {@code <yyyyMMddHHmmss>_<Description>.up.sql} and, to be
 * reversible, {@code .down.sql} beside it. It runs through the same executor as a Java migration
 * (transaction, timeouts, history row, lock retry), sending each statement through the driver as
 * written. The up file's first line {@value SqlScript#NO_TRANSACTION_MARKER} makes both directions
 * run outside a transaction, statement by statement.
 */
public final class SqlMigration implements Migration {

  private final String upOrigin;
  private final SqlScript up;
  private final String downOrigin;
  private final SqlScript down;

  /**
   * @param down the down file read, or null when there is none
   * @param downOrigin where the down file is, or null
   */
  public SqlMigration(String upOrigin, SqlScript up, String downOrigin, SqlScript down) {
    this.upOrigin = upOrigin;
    this.up = up;
    this.downOrigin = downOrigin;
    this.down = down;
    if (down != null && down.noTransaction() && !up.noTransaction()) {
      throw new MigrationException(
          ErrorCode.INVALID_MIGRATIONS,
          downOrigin,
          downOrigin
              + ":1: the down file says "
              + SqlScript.NO_TRANSACTION_MARKER
              + " but its up file "
              + upOrigin
              + " does not; the up file's first line decides for both, so put the marker there"
              + " too or remove it here",
          null);
    }
  }

  @Override
  public void up(DSLContext db) throws Exception {
    SqlRunner.run(db, up, upOrigin);
  }

  @Override
  public void down(DSLContext db) throws Exception {
    if (down == null) {
      throw new MigrationException(
          ErrorCode.NOT_FOUND, upOrigin, upOrigin + " has no down file to revert it", null);
    }
    SqlRunner.run(db, down, downOrigin);
  }

  @Override
  public boolean transactional() {
    return !up.noTransaction();
  }

  @Override
  public boolean reversible() {
    return down != null;
  }

  /** The file of {@code direction} as read, or null when there is none (a down without a file). */
  public SqlScript script(Direction direction) {
    return direction == Direction.UP ? up : down;
  }

  /** Where the file of {@code direction} is, or null when there is none. */
  public String origin(Direction direction) {
    return direction == Direction.UP ? upOrigin : downOrigin;
  }

  /** The line of each statement of the up file, in order, for lint findings. */
  public List<Integer> upLines() {
    return up.statements().stream().map(SqlScript.Statement::line).toList();
  }

  /** The up file, for messages and lint locations. */
  public String upOrigin() {
    return upOrigin;
  }
}
