package dev.dbmigrate.engine;

import java.util.regex.Pattern;

/**
 * Where another tool keeps its history: knex's {@code tableName}/{@code schemaName}, Flyway's
 * {@code table} and the first of its schemas. A null schema means the connection's current schema,
 * which is where both tools put the table when no schema is configured.
 */
public record OtherToolTable(String schema, String table) {

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

  public static final String KNEX_TABLE = "knex_migrations";
  public static final String FLYWAY_TABLE = "flyway_schema_history";

  public OtherToolTable {
    require("table", table);
    if (schema != null) {
      require("schema", schema);
    }
  }

  private static void require(String what, String value) {
    if (value == null || !IDENTIFIER.matcher(value).matches()) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "the other tool's history "
              + what
              + " '"
              + value
              + "' is not a plain SQL identifier (letters, digits, underscore, $; at most 63"
              + " characters)");
    }
  }
}
