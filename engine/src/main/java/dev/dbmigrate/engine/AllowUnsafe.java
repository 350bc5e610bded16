package dev.dbmigrate.engine;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Silences one lint rule for the migration class it is on, with the reason it is safe here, e.g.
 * {@code @AllowUnsafe(rule = "PG001", reason = "orders is empty until the feature ships")}. Repeat
 * it for more rules. The finding is still reported, marked silenced, with the reason; it no longer
 * fails {@code dbmigrate lint} or {@code latest --lint}. A blank reason or an unknown rule silences
 * nothing and is itself an error (rule PG000).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(AllowUnsafe.List.class)
public @interface AllowUnsafe {

  /** The rule's id, e.g. PG001; {@code dbmigrate lint --help} and the README list them. */
  String rule();

  /** Why the statement is safe here, for the reviewer and the next reader. Must not be blank. */
  String reason() default "";

  /** Holds repeated {@link AllowUnsafe}s; written by the compiler. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @interface List {
    AllowUnsafe[] value();
  }
}
