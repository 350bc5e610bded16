package dev.dbmigrate.engine.lint;

import java.util.List;

/**
 * One migration the linter looked at.
 *
 * @param name its identity
 * @param origin where it was found: its source file relative to the migrations folder, or its class
 *     name
 * @param stoppedBy why its up threw when run without a database (usually a query that found no
 *     rows), or null; only the statements before that were checked
 * @param findings what it breaks, in statement order
 */
public record LintedMigration(
    String name, String origin, String stoppedBy, List<Finding> findings) {}
