package dev.dbmigrate.engine;

import java.util.List;

/**
 * What {@code adopt knex}, {@code adopt flyway} or {@code baseline} wrote into the history table,
 * or with a dry run would write.
 *
 * @param from {@code knex}, {@code flyway} or {@code baseline}
 * @param sourceTable the other tool's table that was read, as {@code "schema"."table"}; null for
 *     baseline
 * @param dryRun nothing was written; {@code rows} are what a run would write
 * @param alreadyDone the history already holds these rows from an earlier adoption; nothing written
 * @param rows the history rows, in order; an {@code appliedAt} of null means the time of the run
 * @param skipped knex rows left out because no migration here matches them ({@code
 *     --skip-unmatched})
 * @param leftPending migrations older than adopted ones that the other tool never ran; they stay
 *     pending
 * @param repeatable Flyway's repeatable migrations, reported and not adopted
 */
public record AdoptionResult(
    String from,
    String sourceTable,
    boolean dryRun,
    boolean alreadyDone,
    List<AppliedMigration> rows,
    List<String> skipped,
    List<String> leftPending,
    List<String> repeatable) {

  public AdoptionResult {
    rows = List.copyOf(rows);
    skipped = List.copyOf(skipped);
    leftPending = List.copyOf(leftPending);
    repeatable = List.copyOf(repeatable);
  }
}
