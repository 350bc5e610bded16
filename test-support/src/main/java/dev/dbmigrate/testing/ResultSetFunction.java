package dev.dbmigrate.testing;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads a result set into a value. Exists because {@link java.util.function.Function} cannot throw
 * {@link SQLException}, and tests should see the driver's exception (with its SQLState) unwrapped.
 *
 * @param <T> what the function produces
 */
@FunctionalInterface
public interface ResultSetFunction<T> {

  /**
   * Reads what the test needs from the result set.
   *
   * @param rs the result set, positioned before the first row; it is closed by the caller
   *     afterwards
   */
  T apply(ResultSet rs) throws SQLException;
}
