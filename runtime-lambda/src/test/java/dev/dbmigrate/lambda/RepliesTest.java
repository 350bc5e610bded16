package dev.dbmigrate.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.dbmigrate.engine.AppliedMigration;
import dev.dbmigrate.engine.HistoryStatus;
import dev.dbmigrate.engine.MigrationState;
import dev.dbmigrate.engine.MigrationStatus;
import dev.dbmigrate.engine.RunResult;
import dev.dbmigrate.engine.StatusResult;
import java.time.Instant;
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

  @Test
  void status_names_how_an_applied_row_got_there() {
    AppliedMigration row =
        new AppliedMigration(
            "20211004160632_CreateInitialDemoTable",
            1,
            Instant.parse("2021-10-04T16:07:01Z"),
            0,
            "knex; adopted by ci@host",
            "abc",
            HistoryStatus.ADOPTED);
    Map<String, Object> reply =
        Replies.status(
            new StatusResult(
                List.of(
                    new MigrationStatus(row.name(), MigrationState.APPLIED, row, "abc", false),
                    new MigrationStatus(
                        "20261201090000_New", MigrationState.PENDING, null, "def", false))));

    List<?> migrations = (List<?>) reply.get("migrations");
    assertEquals("adopted", ((Map<?, ?>) migrations.get(0)).get("historyStatus"));
    assertEquals("applied", ((Map<?, ?>) migrations.get(0)).get("state"));
    assertEquals(null, ((Map<?, ?>) migrations.get(1)).get("historyStatus"));
  }
}
