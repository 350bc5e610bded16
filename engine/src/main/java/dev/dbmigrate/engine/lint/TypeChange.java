package dev.dbmigrate.engine.lint;

import java.util.List;
import java.util.Map;

/**
 * Whether ALTER COLUMN ... TYPE leaves the table as it is. PostgreSQL's documentation of ALTER
 * TABLE: when the old type is binary coercible to the new one and there is no USING clause, no
 * rewrite is needed; and since 9.2 (its release notes) increasing the length limit of a varchar or
 * varbit column or removing it, increasing the precision of a numeric column at the same scale or
 * removing its limit, and the same for timestamp, timestamptz, time and timetz precision, need no
 * rewrite either. varchar and text are binary coercible both ways and sort alike, so their indexes
 * are kept too.
 */
final class TypeChange {

  /** Spellings of one type, to the name PostgreSQL's catalog gives it. */
  private static final Map<String, String> CANONICAL =
      Map.ofEntries(
          Map.entry("character varying", "varchar"),
          Map.entry("char varying", "varchar"),
          Map.entry("decimal", "numeric"),
          Map.entry("bit varying", "varbit"),
          Map.entry("timestamp without time zone", "timestamp"),
          Map.entry("timestamp with time zone", "timestamptz"),
          Map.entry("time without time zone", "time"),
          Map.entry("time with time zone", "timetz"),
          Map.entry("int", "int4"),
          Map.entry("integer", "int4"),
          Map.entry("bigint", "int8"),
          Map.entry("smallint", "int2"),
          Map.entry("boolean", "bool"),
          Map.entry("real", "float4"),
          Map.entry("double precision", "float8"),
          Map.entry("character", "bpchar"),
          Map.entry("char", "bpchar"));

  /** Types whose one modifier is a limit that a larger value, or none, only loosens. */
  private static final List<String> LIMITED =
      List.of("varchar", "varbit", "timestamp", "timestamptz", "time", "timetz");

  private TypeChange() {}

  /**
   * Whether changing a column of type {@code from} to {@code to} rewrites nothing; {@code from} is
   * null when the linter does not know the column, and then only a change to text or to varchar
   * without a limit counts as free, the usual widening of a string column.
   */
  static boolean rewritesNothing(ColumnDef from, ColumnDef to) {
    if (to.constraints().has("using") || to.constraints().has("collate")) {
      // USING computes every value anew; a new collation rebuilds the indexes on the column.
      return false;
    }
    if (from == null) {
      return to.isUnboundedText() && !to.array();
    }
    if (from.array() != to.array()) {
      return false;
    }
    String old = canonical(from);
    String now = canonical(to);
    if (old.equals(now) && from.modifiers().equals(to.modifiers())) {
      return true;
    }
    if ((old.equals("text") || old.equals("varchar")) && to.isUnboundedText()) {
      return true;
    }
    if (!old.equals(now)) {
      return false;
    }
    if (to.modifiers().isEmpty()) {
      return LIMITED.contains(now) || now.equals("numeric");
    }
    if (from.modifiers().isEmpty()) {
      return false;
    }
    long was = number(from.modifiers().get(0));
    long becomes = number(to.modifiers().get(0));
    if (LIMITED.contains(now)) {
      return was >= 0 && becomes >= was;
    }
    return now.equals("numeric") && was >= 0 && becomes >= was && scale(to) == scale(from);
  }

  private static String canonical(ColumnDef c) {
    String name = c.typeName().replaceFirst("^pg_catalog ", "");
    return CANONICAL.getOrDefault(name, name);
  }

  private static long scale(ColumnDef c) {
    return c.modifiers().size() > 1 ? number(c.modifiers().get(1)) : 0;
  }

  /** A modifier as a number; -1 for one that is not, so no comparison proves it looser. */
  private static long number(String modifier) {
    try {
      return Long.parseLong(modifier);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
