package dev.dbmigrate.engine;

/**
 * How {@code adopt knex} reads knex's history and what it may leave out.
 *
 * @param history knex's {@code knex_migrations} table; its lock table is the same name plus {@code
 *     _lock}, as knex names it
 * @param skipUnmatched adopt even though some knex rows name no migration here; those rows are left
 *     out of dbmigrate's history
 * @param allowGaps adopt even though migrations older than adopted ones were never run by knex;
 *     they stay pending (and out of order)
 */
public record KnexAdoption(OtherToolTable history, boolean skipUnmatched, boolean allowGaps) {

  public static KnexAdoption defaults() {
    return new KnexAdoption(new OtherToolTable(null, OtherToolTable.KNEX_TABLE), false, false);
  }
}
