package dev.dbmigrate.engine.spi;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One statement an adapter describes and the engine either sends or, in a dry run, shows: the SQL
 * with {@code ?} placeholders, the values for them in order, and what the statement returns. The
 * same value feeds both paths, so a dry run cannot show other SQL than a run sends.
 *
 * @param sql the statement; {@code ?} marks a parameter (none may stand inside a literal)
 * @param params one value per {@code ?}: a String, an Integer, a Long, a Boolean, null, or {@link
 *     #MEASURED} for an execution time known only once the migration ran
 * @param returns what the engine reads from the statement's result
 */
public record DbStatement(String sql, List<Object> params, Returns returns) {

  /** What a statement gives back. */
  public enum Returns {
    /** Nothing is read: an update, a DDL or a SET. */
    NOTHING,
    /**
     * One row whose last column is the id of the transaction the statement ran in (0 or no row:
     * none). Only adapters whose {@link EngineTraits#transactionalDdl()} is true return this.
     */
    TRANSACTION_ID
  }

  /** Stands for the execution time in a dry run, where it is not known yet. */
  public static final Object MEASURED = new Object[0];

  public DbStatement {
    params = Collections.unmodifiableList(Arrays.asList(params.toArray()));
  }

  public static DbStatement of(String sql, Object... params) {
    return new DbStatement(sql, Arrays.asList(params), Returns.NOTHING);
  }

  /** This statement, returning the id of the transaction it ran in. */
  public DbStatement returningTransaction() {
    return new DbStatement(sql, params, Returns.TRANSACTION_ID);
  }

  /** The execution time {@code millis} in place of {@link #MEASURED}. */
  public DbStatement measured(long millis) {
    Object[] values = params.toArray();
    for (int i = 0; i < values.length; i++) {
      if (values[i] == MEASURED) {
        values[i] = millis;
      }
    }
    return new DbStatement(sql, Arrays.asList(values), returns);
  }
}
