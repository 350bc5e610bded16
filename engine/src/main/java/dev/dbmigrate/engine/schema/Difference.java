package dev.dbmigrate.engine.schema;

/**
 * One way two snapshots differ.
 *
 * @param change whether the object is only in the actual schema, only in the expected one, or in
 *     both with an attribute that differs
 * @param kind the object's kind ({@code "column"})
 * @param name the object's name ({@code "orders.total"})
 * @param attribute for {@link Change#CHANGED}, the attribute that differs ({@code "type"}); else
 *     null
 * @param expected the attribute's expected value, null when the object lacks it (or for ADDED and
 *     REMOVED)
 * @param actual the attribute's actual value, likewise
 * @param words the difference as a sentence for a person, in the words of the comparison ({@code
 *     "column orders.total restored as numeric(10,2), was numeric(12,2)"})
 */
public record Difference(
    Change change,
    String kind,
    String name,
    String attribute,
    String expected,
    String actual,
    String words) {

  /** How an object differs. */
  public enum Change {
    /** Only in the actual schema. */
    ADDED,
    /** Only in the expected schema. */
    REMOVED,
    /** In both, with an attribute that differs. */
    CHANGED
  }
}
