package dev.dbmigrate.engine.lint;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.util.Set;

/**
 * How to lint: the PostgreSQL major version the verdicts are for, and the optional rules turned on.
 * Several verdicts depend on the version: a constant default is instant from 11 on, SET NOT NULL
 * can use a validated check from 12 on, REINDEX CONCURRENTLY exists from 12 on and DETACH PARTITION
 * CONCURRENTLY from 14 on.
 *
 * @param targetVersion the major version, e.g. 16; 0 when not given, so the connected server's is
 *     used, or {@link #NEWEST} without a database
 * @param included the optional rules to check, e.g. PG032
 */
public record LintOptions(int targetVersion, Set<String> included) {

  public static final int OLDEST = 11;
  public static final int NEWEST = 18;

  public LintOptions {
    if (targetVersion != 0 && (targetVersion < OLDEST || targetVersion > NEWEST)) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "pg-version",
          "--pg-version "
              + targetVersion
              + " is not a PostgreSQL major version lint knows; give one from "
              + OLDEST
              + " to "
              + NEWEST,
          null);
    }
    for (String id : included) {
      if (Rules.byId(id).filter(Rule::optional).isEmpty()) {
        throw new MigrationException(
            ErrorCode.CONFIGURATION,
            "include",
            "--include "
                + id
                + " is not an optional lint rule; the optional ones are "
                + String.join(
                    ", ", Rules.ALL.stream().filter(Rule::optional).map(Rule::id).toList()),
            null);
      }
    }
    included = Set.copyOf(included);
  }

  public static LintOptions defaults() {
    return new LintOptions(0, Set.of());
  }

  /** The version to judge for: the one given, else {@code server} when known, else the newest. */
  public int versionFor(int server) {
    if (targetVersion != 0) {
      return targetVersion;
    }
    return server <= 0 ? NEWEST : Math.max(OLDEST, Math.min(server, NEWEST));
  }

  public LintOptions withTargetVersion(int version) {
    return new LintOptions(version, included);
  }
}
