package dev.dbmigrate.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.engine.MigratorConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The limits an invocation's remaining time puts on the engine. */
class InvocationDeadlineTest {

  @Test
  void the_margin_is_a_tenth_between_one_and_ten_seconds() {
    assertEquals(Duration.ofSeconds(10), InvocationDeadline.margin(Duration.ofMinutes(15)));
    assertEquals(Duration.ofSeconds(3), InvocationDeadline.margin(Duration.ofSeconds(30)));
    assertEquals(Duration.ofSeconds(1), InvocationDeadline.margin(Duration.ofSeconds(4)));
  }

  @Test
  void a_fifteen_minute_function_bounds_the_thirty_minute_statement_timeout_and_the_lock_wait() {
    try (InvocationDeadline deadline =
        InvocationDeadline.of(new TestContext(Duration.ofMinutes(15)), line -> {})) {
      MigratorConfig bound = deadline.bound(MigratorConfig.defaults());
      assertTrue(
          bound.statementTimeout().compareTo(Duration.ofSeconds(890)) <= 0
              && bound.statementTimeout().compareTo(Duration.ofSeconds(880)) > 0,
          bound::toString);
      assertEquals(MigratorConfig.DEFAULT_LOCK_WAIT_TIMEOUT, bound.lockWaitTimeout());
      assertEquals(MigratorConfig.DEFAULT_LOCK_TIMEOUT, bound.lockTimeout());
    }
  }

  @Test
  void no_statement_limit_becomes_the_time_left_and_a_shorter_one_stays() {
    try (InvocationDeadline deadline =
        InvocationDeadline.of(new TestContext(Duration.ofSeconds(30)), line -> {})) {
      MigratorConfig none =
          MigratorConfig.defaults()
              .withTimeouts(Duration.ofMinutes(5), Duration.ZERO, Duration.ZERO);
      MigratorConfig bound = deadline.bound(none);
      assertTrue(
          bound.statementTimeout().compareTo(Duration.ofSeconds(27)) <= 0
              && !bound.statementTimeout().isZero(),
          bound::toString);
      assertEquals(bound.statementTimeout().toSeconds(), bound.lockWaitTimeout().toSeconds());
      assertEquals(Duration.ZERO, bound.lockTimeout());
      MigratorConfig shorter =
          MigratorConfig.defaults()
              .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(2));
      assertEquals(Duration.ofSeconds(2), deadline.bound(shorter).statementTimeout());
    }
  }

  @Test
  void without_a_context_nothing_is_bounded() {
    try (InvocationDeadline deadline = InvocationDeadline.of(null, line -> {})) {
      MigratorConfig config = MigratorConfig.defaults();
      assertSame(config, deadline.bound(config));
      assertEquals(Long.MAX_VALUE, deadline.cancelAt());
    }
  }
}
