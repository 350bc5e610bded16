package dev.dbmigrate.cli;

import dev.dbmigrate.testing.PostgresDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Another tool's history tables, created exactly as the tool creates them on PostgreSQL, and a
 * snapshot of them to show adoption left them as they were.
 */
final class OtherTools {

  private final PostgresDatabase db;

  OtherTools(PostgresDatabase db) {
    this.db = db;
  }

  /**
   * What knex 3.x sends on PostgreSQL on its first migrate (lib/migrations/migrate/table-creator.js
   * with the pg column compiler: increments is serial primary key, string varchar(255), timestamp
   * timestamptz), then its one lock row.
   */
  void createKnexTables(String schema, String table) throws SQLException {
    String q = schema == null ? "" : '"' + schema + "\".";
    db.execute(
        "create table "
            + q
            + '"'
            + table
            + "\" (\"id\" serial primary key, \"name\" varchar(255), \"batch\" integer,"
            + " \"migration_time\" timestamptz)");
    db.execute(
        "create table "
            + q
            + '"'
            + table
            + "_lock\" (\"index\" serial primary key, \"is_locked\" integer)");
    db.execute("insert into " + q + '"' + table + "_lock\" (\"is_locked\") values (0)");
  }

  void knexRow(String table, String file, int batch, String time) throws SQLException {
    db.execute(
        "insert into "
            + table
            + " (name, batch, migration_time) values ('"
            + file
            + "', "
            + batch
            + ", '"
            + time
            + "')");
  }

  /**
   * Flyway 10's table on PostgreSQL, as PostgreSQLDatabase.getRawCreateScript writes it (the
   * primary key and index added after the table, by those names).
   */
  void createFlywayTable() throws SQLException {
    db.execute(
        """
        CREATE TABLE "public"."flyway_schema_history" (
            "installed_rank" INT NOT NULL,
            "version" VARCHAR(50),
            "description" VARCHAR(200) NOT NULL,
            "type" VARCHAR(20) NOT NULL,
            "script" VARCHAR(1000) NOT NULL,
            "checksum" INTEGER,
            "installed_by" VARCHAR(100) NOT NULL,
            "installed_on" TIMESTAMP NOT NULL DEFAULT now(),
            "execution_time" INTEGER NOT NULL,
            "success" BOOLEAN NOT NULL
        );
        ALTER TABLE "public"."flyway_schema_history" ADD CONSTRAINT "flyway_schema_history_pk"\
         PRIMARY KEY ("installed_rank");
        CREATE INDEX "flyway_schema_history_s_idx" ON "public"."flyway_schema_history"\
         ("success");
        """);
  }

  void flywayRow(
      int rank,
      String version,
      String description,
      String type,
      String script,
      Integer checksum,
      String installedOn,
      boolean success)
      throws SQLException {
    db.execute(
        "insert into flyway_schema_history (installed_rank, version, description, type, script,"
            + " checksum, installed_by, installed_on, execution_time, success) values ("
            + rank
            + ", "
            + (version == null ? "null" : "'" + version + "'")
            + ", '"
            + description
            + "', '"
            + type
            + "', '"
            + script
            + "', "
            + checksum
            + ", 'app_owner', '"
            + installedOn
            + "', 42, "
            + success
            + ")");
  }

  /**
   * Every column's definition and every row of the named tables, and their indexes and constraints,
   * as text: equal snapshots mean nothing in them changed.
   */
  String snapshot(String... tables) throws SQLException {
    StringBuilder s = new StringBuilder();
    for (String t : tables) {
      s.append(
          lines(
              "select a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' '"
                  + " || a.attnotnull || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')"
                  + " from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and"
                  + " d.adnum = a.attnum where a.attrelid = '"
                  + t
                  + "'::regclass and a.attnum > 0 and not a.attisdropped order by a.attnum"));
      s.append(
          lines(
              "select indexrelid::regclass::text || ' ' || pg_get_indexdef(indexrelid) from"
                  + " pg_index where indrelid = '"
                  + t
                  + "'::regclass order by 1"));
      s.append(lines("select t::text from " + t + " t order by 1"));
    }
    return s.toString();
  }

  private String lines(String sql) throws SQLException {
    List<String> out =
        db.query(
            sql,
            rs -> {
              List<String> rows = new ArrayList<>();
              while (rs.next()) {
                rows.add(rs.getString(1));
              }
              return rows;
            });
    return String.join("\n", out) + "\n";
  }
}
