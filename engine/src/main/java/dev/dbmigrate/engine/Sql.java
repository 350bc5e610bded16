package dev.dbmigrate.engine;

import dev.dbmigrate.engine.internal.SqlRunner;
import java.sql.SQLException;
import org.jooq.DSLContext;

/**
 * Plain SQL from a Java migration, sent to the database exactly as written. {@code
 * db.execute("...")} goes through jOOQ's plain-SQL templating, which reads {@code ?} as a bind
 * variable, {@code {0}} as a placeholder and a lone quote inside {@code $$...$$} as the start of a
 * string, so valid PostgreSQL can fail to render; this does not template at all:
 *
 * <pre>{@code
 * Sql.execute(db, """
 *     create function touch() returns trigger language plpgsql as $$
 *     begin new.updated_at := now(); return new; end $$;
 *     comment on column t.a is 'is it ? {0}';
 *     """);
 * }</pre>
 *
 * <p>The text is cut into statements the way psql cuts a file (on MySQL and MariaDB, the way the
 * mysql client does: backticks, {@code #} and {@code -- } comments, backslash escapes) (the same
 * reader SQL migration files go through) and each is sent on the migration's connection, inside its
 * transaction when it has one; in a non-transactional migration each statement commits on its own,
 * so several {@code CREATE INDEX CONCURRENTLY} work. {@code COPY ... FROM stdin} with its data
 * lines works too. A failure names the line of the text and the statement.
 */
public final class Sql {

  private Sql() {}

  /**
   * Runs every statement of {@code sql} in order.
   *
   * @throws SQLException when PostgreSQL refuses a statement; its message names the line
   * @throws MigrationException when the text holds a psql meta-command or BEGIN/COMMIT
   */
  public static void execute(DSLContext db, String sql) throws SQLException {
    SqlRunner.run(db, SqlRunner.parse(sql, "SQL text", SqlRunner.syntaxOf(db)), "SQL text line");
  }
}
