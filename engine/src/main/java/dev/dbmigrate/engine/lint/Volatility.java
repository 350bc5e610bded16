package dev.dbmigrate.engine.lint;

import java.util.Set;

/**
 * Whether a column default makes ADD COLUMN rewrite the table. Since PostgreSQL 11 a default that
 * is not volatile is evaluated once and kept in the catalog; a volatile one is evaluated for every
 * existing row. A function is taken as volatile unless it is known to be immutable or stable, since
 * a user-defined function is volatile unless declared otherwise.
 */
final class Volatility {

  /** Built-in functions that are immutable or stable, so a default calling them is instant. */
  private static final Set<String> NOT_VOLATILE =
      Set.of(
          "now",
          "transaction_timestamp",
          "statement_timestamp",
          "current_setting",
          "lower",
          "upper",
          "initcap",
          "trim",
          "btrim",
          "ltrim",
          "rtrim",
          "lpad",
          "rpad",
          "substr",
          "substring",
          "replace",
          "concat",
          "concat_ws",
          "length",
          "char_length",
          "abs",
          "round",
          "floor",
          "ceil",
          "ceiling",
          "trunc",
          "coalesce",
          "nullif",
          "greatest",
          "least",
          "md5",
          "to_char",
          "to_date",
          "to_timestamp",
          "to_number",
          "date_trunc",
          "date_part",
          "extract",
          "make_date",
          "make_time",
          "make_interval",
          "make_timestamp",
          "make_timestamptz",
          "jsonb_build_object",
          "jsonb_build_array",
          "json_build_object",
          "json_build_array",
          "to_jsonb",
          "to_json",
          "array_fill",
          "cast",
          "row",
          "array",
          "position",
          "overlay",
          "timezone",
          "int4range",
          "int8range",
          "numrange",
          "tstzrange",
          "daterange");

  /** Functions that are volatile, named in the message so the reader recognises them. */
  static final String EXAMPLES =
      "random(), clock_timestamp(), gen_random_uuid(), uuid_generate_v4(), nextval(), a function"
          + " of your own";

  private Volatility() {}

  /** Whether {@code expression} calls a function not known to be immutable or stable. */
  static boolean callsVolatile(Clause expression) {
    for (int i = 0; i < expression.size(); i++) {
      Token t = expression.get(i);
      boolean call = t.isName() && expression.get(i + 1).isSymbol("(");
      // After :: a name with parentheses is a type with a modifier, numeric(12, 2).
      boolean type = expression.get(i - 1).isSymbol("::");
      boolean qualified =
          expression.get(i - 1).isSymbol(".") && !expression.get(i - 2).isName("pg_catalog");
      if (call && !type && (qualified || !NOT_VOLATILE.contains(t.text()))) {
        return true;
      }
    }
    return false;
  }
}
