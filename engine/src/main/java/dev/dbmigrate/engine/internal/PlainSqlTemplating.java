package dev.dbmigrate.engine.internal;

import org.jooq.exception.TemplatingException;

/**
 * Says what went wrong when jOOQ's plain-SQL templating could not render the text given to {@code
 * db.execute("...")}: valid PostgreSQL with {@code ?}, {@code {0}} or a lone quote inside a
 * dollar-quoted body fails there with an exception that names none of this.
 */
final class PlainSqlTemplating {

  private PlainSqlTemplating() {}

  /** The message for a failure that is not the database's. */
  static String describe(Exception e) {
    if (isTemplating(e)) {
      return "jOOQ could not render the plain SQL given to db.execute(...): its templating reads ?"
          + " as a bind variable, {0} as a placeholder and a quote inside $$...$$ as a string, so"
          + " valid PostgreSQL can break it. Send the SQL with Sql.execute(db, \"...\""
          + " (dev.dbmigrate.engine.Sql), which passes it to PostgreSQL exactly as written";
    }
    return String.valueOf(e);
  }

  static boolean isTemplating(Throwable e) {
    if (e instanceof TemplatingException) {
      return true;
    }
    if (e instanceof IndexOutOfBoundsException) {
      StackTraceElement[] trace = e.getStackTrace();
      for (int i = 0; i < Math.min(trace.length, 8); i++) {
        if (trace[i].getClassName().startsWith("org.jooq.impl.")) {
          return true;
        }
      }
    }
    return false;
  }
}
