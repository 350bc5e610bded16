package dev.dbmigrate.engine.schema;

/**
 * What a comparison means, which decides its words: the same missing index is "not restored" after
 * a down and "dropped outside migrations" in a live database.
 */
public enum Perspective {
  /** Expected: the schema before a migration's up; actual: after its down. */
  DOWN(
      "not dropped by down",
      "dropped by down and not restored",
      "restored as",
      "restored with",
      "was"),
  /** Expected: the schema after a migration's first up; actual: after down and up again. */
  UP_AGAIN(
      "created only by the second up",
      "not created again by the second up",
      "is after the second up",
      "has after the second up",
      "after the first up"),
  /** Expected: what the applied migrations build; actual: the live database. */
  DRIFT(
      "added outside migrations",
      "removed outside migrations",
      "changed outside migrations to",
      "changed outside migrations to",
      "migrations give");

  private final String added;
  private final String removed;
  private final String changedAs;
  private final String changedWith;
  private final String was;

  Perspective(String added, String removed, String changedAs, String changedWith, String was) {
    this.added = added;
    this.removed = removed;
    this.changedAs = changedAs;
    this.changedWith = changedWith;
    this.was = was;
  }

  String added(String object) {
    return object + " " + added;
  }

  String removed(String object) {
    return object + " " + removed;
  }

  /**
   * {@code column orders.total restored as numeric(10,2), was numeric(12,2)}: "as" for what the
   * object is (type, definition), "with" for what it has (a default).
   */
  String changed(String object, String attribute, String expected, String actual) {
    boolean isWhat = attribute.equals("type") || attribute.equals("definition");
    return object
        + " "
        + (isWhat ? changedAs : changedWith)
        + " "
        + phrase(attribute, actual)
        + ", "
        + was
        + " "
        + phrase(attribute, expected);
  }

  /** An enum label present on one side only: {@code enum type mood value 'angry' not dropped}. */
  String label(String object, String label, boolean addedLabel) {
    return object + " value " + label + " " + (addedLabel ? added : removed);
  }

  private static String phrase(String attribute, String value) {
    return switch (attribute) {
      case "type", "definition", "nullability", "validity", "state" ->
          value == null ? "none" : value;
      case "default" -> value == null ? "no default" : "default " + value;
      case "labels" -> value == null ? "no values" : "values " + value;
      default -> value == null ? "no " + attribute : attribute + " " + value;
    };
  }
}
