package dev.dbmigrate.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dbmigrate.engine.AppliedMigration;
import dev.dbmigrate.engine.HistoryStatus;
import dev.dbmigrate.engine.MigrationState;
import dev.dbmigrate.engine.MigrationStatus;
import dev.dbmigrate.engine.StatusResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * status's text is built by hand for speed; it must stay the text the format string it replaced
 * printed, column for column.
 */
class StatusTextTest {

  private static final String ROW = "%-8s %5s  %-20s %8s  %s%s%n";

  @Test
  void dates_are_those_the_formatter_prints() {
    Random random = new Random(42);
    List<Instant> instants =
        new java.util.ArrayList<>(
            List.of(
                Instant.EPOCH,
                Instant.parse("2024-02-29T23:59:59Z"),
                Instant.parse("2026-12-01T09:05:07.999Z"),
                Instant.parse("9999-12-31T23:59:59Z"),
                Instant.parse("0001-01-01T00:00:00Z")));
    for (int i = 0; i < 2000; i++) {
      instants.add(Instant.ofEpochSecond(random.nextLong(253_402_300_799L), random.nextInt(1000)));
    }
    for (Instant t : instants) {
      assertEquals(StatusCommand.WHEN.format(t), StatusCommand.when(t), t::toString);
    }
  }

  @Test
  void every_state_renders_as_the_format_string_did() {
    Instant at = Instant.parse("2026-11-24T16:06:32Z");
    AppliedMigration applied =
        new AppliedMigration("20261124160632_A", 3, at, 12, "ci@host", "a".repeat(64), null);
    AppliedMigration adopted =
        new AppliedMigration(
            "20261124160633_B",
            123456,
            at,
            1234567890L,
            "knex",
            "b".repeat(64),
            HistoryStatus.ADOPTED);
    AppliedMigration running =
        new AppliedMigration(
            "20261124160634_C",
            4,
            null,
            0,
            "ci@host",
            "c".repeat(64),
            HistoryStatus.RUNNING,
            "4242:1764000000");
    List<MigrationStatus> all =
        List.of(
            new MigrationStatus("20261124160632_A", MigrationState.APPLIED, applied, null, false),
            new MigrationStatus("20261124160633_B", MigrationState.APPLIED, adopted, null, false),
            new MigrationStatus("20261124160634_C", MigrationState.RUNNING, running, null, false),
            new MigrationStatus(
                "20261124160635_D", MigrationState.CHANGED, applied, "d".repeat(64), false),
            new MigrationStatus("20261124160636_E", MigrationState.PENDING, null, "e", true),
            new MigrationStatus("20261124160637_F", MigrationState.PENDING, null, "f", false));
    StatusResult status = new StatusResult(all);

    StringWriter actual = new StringWriter();
    StatusCommand.printText(status, new PrintWriter(actual), "none");

    StringWriter expected = new StringWriter();
    PrintWriter out = new PrintWriter(expected);
    out.printf(ROW, "STATE", "BATCH", "APPLIED AT", "TIME", "NAME", "");
    out.printf(ROW, "applied", "3", "2026-11-24 16:06:32Z", "12 ms", "20261124160632_A", "");
    out.printf(
        ROW, "adopted", "123456", "2026-11-24 16:06:32Z", "1234567890 ms", "20261124160633_B", "");
    out.printf(
        ROW,
        "running",
        "4",
        "",
        "0 ms",
        "20261124160634_C",
        "  (started outside a transaction in database session pid 4242, not recorded as"
            + " finished: still running, or its run was killed)");
    out.printf(
        ROW,
        "changed",
        "3",
        "2026-11-24 16:06:32Z",
        "12 ms",
        "20261124160635_D",
        "  (checksum aaaaaaaaaaaa recorded, now dddddddddddd)");
    out.printf(
        ROW,
        "pending",
        "",
        "",
        "",
        "20261124160636_E",
        "  (older than the newest applied: out of order)");
    out.printf(ROW, "pending", "", "", "", "20261124160637_F", "");
    out.println();
    out.println("2 applied, 2 pending, 1 changed, 1 running");
    out.flush();
    assertEquals(expected.toString(), actual.toString());
  }
}
