package dev.dbmigrate.engine.schema;

import dev.dbmigrate.engine.schema.Difference.Change;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What differs between an expected and an actual {@link Schema}, in words. A table that is only on
 * one side is one difference, not one per column and index besides.
 */
public record SchemaDiff(List<Difference> differences) {

  public SchemaDiff {
    differences = List.copyOf(differences);
  }

  public static SchemaDiff between(Schema expected, Schema actual, Perspective words) {
    Set<String> keys = new TreeSet<>(expected.objects().keySet());
    keys.addAll(actual.objects().keySet());
    List<Difference> out = new ArrayList<>();
    for (String key : keys) {
      SchemaObject e = expected.objects().get(key);
      SchemaObject a = actual.objects().get(key);
      if (e == null) {
        if (a.parent() == null || expected.objects().containsKey(a.parent())) {
          out.add(whole(Change.ADDED, a, words.added(describe(a))));
        }
      } else if (a == null) {
        if (e.parent() == null || actual.objects().containsKey(e.parent())) {
          out.add(whole(Change.REMOVED, e, words.removed(describe(e))));
        }
      } else {
        attributes(e, a, words, out);
      }
    }
    return new SchemaDiff(out);
  }

  public boolean isEmpty() {
    return differences.isEmpty();
  }

  /** Each difference in words, one a line. */
  public List<String> lines() {
    return differences.stream().map(Difference::words).toList();
  }

  private static void attributes(
      SchemaObject e, SchemaObject a, Perspective words, List<Difference> out) {
    Set<String> names = new LinkedHashSet<>(e.attributes().keySet());
    names.addAll(a.attributes().keySet());
    for (String attribute : names) {
      String was = e.get(attribute);
      String is = a.get(attribute);
      if (Objects.equals(was, is)) {
        continue;
      }
      if (attribute.equals("labels")
          && was != null
          && is != null
          && labels(e, was, is, words, out)) {
        continue;
      }
      out.add(
          new Difference(
              Change.CHANGED,
              e.kind(),
              e.name(),
              attribute,
              was,
              is,
              words.changed(describe(e), attribute, was, is)));
    }
  }

  /**
   * Enum labels added or removed, named one by one; false when only their order differs, which the
   * generic words say better.
   */
  private static boolean labels(
      SchemaObject e, String was, String is, Perspective words, List<Difference> out) {
    List<String> before = Arrays.asList(was.split(", "));
    List<String> after = Arrays.asList(is.split(", "));
    List<Difference> found = new ArrayList<>();
    for (String label : after) {
      if (!before.contains(label)) {
        found.add(label(e, was, is, words.label(describe(e), label, true)));
      }
    }
    for (String label : before) {
      if (!after.contains(label)) {
        found.add(label(e, was, is, words.label(describe(e), label, false)));
      }
    }
    out.addAll(found);
    return !found.isEmpty();
  }

  private static Difference label(SchemaObject e, String was, String is, String text) {
    return new Difference(Change.CHANGED, e.kind(), e.name(), "labels", was, is, text);
  }

  private static Difference whole(Change change, SchemaObject o, String text) {
    return new Difference(change, o.kind(), o.name(), null, null, null, text);
  }

  private static String describe(SchemaObject o) {
    return o.kind() + " " + o.name();
  }
}
