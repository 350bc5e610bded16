package dev.dbmigrate.engine.lint;

import static dev.dbmigrate.engine.lint.Severity.WARNING;

import java.util.List;
import java.util.function.Predicate;

/**
 * Type hygiene: column types that cost a locking rewrite to change later. They apply to new tables
 * too, since that is when the choice is cheap.
 */
final class TypeRules {

  private TypeRules() {}

  static final List<Check> CHECKS =
      List.of(
          Check.of(
              "PG014",
              WARNING,
              "json instead of jsonb",
              "json keeps the text as written and parses it on every access; it has no equality"
                  + " operator and no GIN index support. Changing the type later rewrites the table.",
              "Use jsonb.",
              (s, scope) -> anyColumn(s, ColumnDef::isJson)),
          Check.of(
              "PG015",
              WARNING,
              "timestamp without time zone",
              "timestamp without time zone stores a wall-clock time with no zone: the same instant"
                  + " reads differently depending on who wrote it, and daylight saving time makes"
                  + " values ambiguous.",
              "Use timestamptz (timestamp with time zone): it stores an instant and shows it in the"
                  + " session's time zone.",
              (s, scope) -> anyColumn(s, ColumnDef::isTimestampWithoutTimeZone)),
          Check.of(
              "PG016",
              WARNING,
              "serial instead of an identity column",
              "serial creates a separate sequence that grants, table copies and dumps handle on their"
                  + " own, and it lets explicit ids in that later collide with generated ones.",
              "bigint GENERATED ALWAYS AS IDENTITY (or BY DEFAULT), the SQL-standard form.",
              (s, scope) -> anyColumn(s, ColumnDef::isSerial)),
          Check.of(
              "PG017",
              WARNING,
              "32-bit integer key",
              "An integer key, or a column referencing one, runs out at 2,147,483,647 rows; changing"
                  + " it to bigint later rewrites the table and every table that references it, under"
                  + " exclusive locks. A 32-bit column that is not a key holds a bounded quantity and"
                  + " is fine.",
              "Use bigint for primary keys (bigint GENERATED ALWAYS AS IDENTITY) and for the columns"
                  + " that reference them.",
              (s, scope) -> hasInt32PrimaryKey(s)));

  private static boolean anyColumn(Clause s, Predicate<ColumnDef> test) {
    return Ddl.columns(s).stream().anyMatch(test);
  }

  private static boolean hasInt32PrimaryKey(Clause s) {
    boolean inCreate =
        Ddl.createTable(s)
            .filter(
                t ->
                    t.columns().stream()
                        .anyMatch(
                            c ->
                                c.isInt32()
                                    && (c.isPrimaryKey()
                                        || c.references()
                                        || t.primaryKey().contains(c.name()))))
            .isPresent();
    return inCreate
        || Ddl.alterTable(s)
            .filter(
                t ->
                    t.actions().stream()
                        .anyMatch(
                            a ->
                                Ddl.addedColumn(a)
                                    .filter(
                                        c -> c.isInt32() && (c.isPrimaryKey() || c.references()))
                                    .isPresent()))
            .isPresent();
  }
}
