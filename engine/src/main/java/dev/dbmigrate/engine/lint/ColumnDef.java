package dev.dbmigrate.engine.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A column as a statement defines it: in CREATE TABLE, in ALTER TABLE ... ADD COLUMN, or the new
 * type of ALTER COLUMN ... TYPE.
 *
 * @param name the column's name
 * @param type the words of its type without modifiers: {@code timestamp(6) with time zone} is
 *     [timestamp, with, time, zone]
 * @param typeModifier whether the type has a modifier such as a length: varchar(20)
 * @param modifiers the tokens of the type's first modifier, commas left out: [10, 2] for
 *     numeric(10, 2); empty without one
 * @param array whether the type is an array: text[], varchar(20) array
 * @param constraints what follows the type: NOT NULL, DEFAULT, PRIMARY KEY, GENERATED ...
 */
record ColumnDef(
    String name,
    List<String> type,
    boolean typeModifier,
    List<String> modifiers,
    boolean array,
    Clause constraints) {

  private static final Set<String> AFTER_TYPE =
      Set.of(
          "constraint",
          "not",
          "null",
          "default",
          "primary",
          "unique",
          "check",
          "references",
          "generated",
          "collate",
          "compression",
          "deferrable",
          "initially",
          "using");
  private static final Set<String> SERIAL =
      Set.of("serial", "serial2", "serial4", "serial8", "smallserial", "bigserial");
  private static final Set<String> INT32 =
      Set.of(
          "int",
          "integer",
          "int4",
          "int2",
          "smallint",
          "serial",
          "serial4",
          "serial2",
          "smallserial");

  /** The column whose name stands at {@code i} of {@code c}, with its type after it. */
  static ColumnDef read(Clause c, int i) {
    return ofType(c.get(i).text(), c, i + 1);
  }

  /** Column {@code name} with the type that starts at {@code i} of {@code c}. */
  static ColumnDef ofType(String name, Clause c, int i) {
    List<String> type = new ArrayList<>();
    List<String> modifiers = new ArrayList<>();
    boolean modifier = false;
    boolean array = false;
    int k = i;
    while (k < c.size()
        && !(c.get(k).kind() == Token.Kind.WORD && AFTER_TYPE.contains(c.get(k).text()))) {
      Token t = c.get(k);
      if (t.isSymbol("(") || t.isSymbol("[")) {
        int close = c.closing(k);
        if (t.isSymbol("(") && !modifier) {
          for (int m = k + 1; m < close; m++) {
            if (!c.get(m).isSymbol(",")) {
              modifiers.add(c.get(m).text());
            }
          }
        }
        modifier |= t.isSymbol("(");
        array |= t.isSymbol("[");
        k = close + 1;
      } else {
        if (t.isWord("array")) {
          array = true;
        } else if (t.isName()) {
          type.add(t.text());
        }
        k++;
      }
    }
    return new ColumnDef(
        name, List.copyOf(type), modifier, List.copyOf(modifiers), array, c.from(k));
  }

  String typeName() {
    return String.join(" ", type);
  }

  boolean isPrimaryKey() {
    return constraints.has("primary", "key");
  }

  boolean isIdentity() {
    return constraints.has("identity");
  }

  boolean isSerial() {
    return SERIAL.contains(typeName());
  }

  boolean isInt32() {
    return INT32.contains(typeName());
  }

  /** char(n), character(n), bpchar: blank-padded. */
  boolean isChar() {
    String t = typeName();
    return t.equals("char") || t.equals("character") || t.equals("bpchar") || t.equals("nchar");
  }

  /** varchar(n) or character varying(n). */
  boolean isBoundedVarchar() {
    String t = typeName();
    return typeModifier && (t.equals("varchar") || t.equals("character varying"));
  }

  /** Whether the column references another table's key inline: REFERENCES t (id). */
  boolean references() {
    return constraints.has("references");
  }

  boolean isJson() {
    return typeName().equals("json");
  }

  boolean isTimestampWithoutTimeZone() {
    return !type.isEmpty() && type.get(0).equals("timestamp") && !type.contains("with");
  }

  /**
   * text, or varchar without a length: changing a varchar or text column to these rewrites nothing.
   */
  boolean isUnboundedText() {
    String t = typeName();
    return t.equals("text")
        || (!typeModifier && (t.equals("varchar") || t.equals("character varying")));
  }

  /** The DEFAULT expression, up to the next constraint; empty when there is none. */
  Clause defaultExpression() {
    int at = constraints.find(0, "default");
    if (at < 0) {
      return constraints.sub(0, 0);
    }
    int end = at + 1;
    while (end < constraints.size()
        && !(constraints.get(end).kind() == Token.Kind.WORD
            && AFTER_TYPE.contains(constraints.get(end).text()))) {
      end = constraints.get(end).isSymbol("(") ? constraints.closing(end) + 1 : end + 1;
    }
    return constraints.sub(at + 1, end);
  }
}
