package dev.dbmigrate.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.dbmigrate.engine.RunResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepliesTest {

  @Test
  void a_rollback_that_stopped_at_a_baseline_says_so_as_the_cli_does() {
    Map<String, Object> reply =
        Replies.run(
            "rollback", new RunResult(0, List.of(), List.of(), "20240305142007_FlywayBaseline_V2"));

    assertEquals("20240305142007_FlywayBaseline_V2", reply.get("stoppedAtBaseline"));
    assertFalse(
        Replies.run("rollback", new RunResult(0, List.of(), List.of()))
            .containsKey("stoppedAtBaseline"));
  }
}
