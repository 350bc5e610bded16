package dev.dbmigrate.engine.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fleet-file lines as both front ends read them, wherever the list lives. */
class FleetLinesTest {

  @Test
  void each_line_gives_its_name_its_connection_its_schema_and_its_settings() {
    List<FleetLines.Line> lines =
        FleetLines.parse(
            "s3://lists/fleet.txt",
            List.of(
                "# tenants",
                "",
                "acme jdbc:postgresql://db1:5432/acme   # the first",
                "globex db/globex globex lock-timeout=10s"));

    assertEquals(2, lines.size());
    assertEquals("acme", lines.get(0).name());
    assertEquals(3, lines.get(0).number());
    assertEquals(Map.of("url", "jdbc:postgresql://db1:5432/acme"), lines.get(0).settings());
    assertEquals(
        List.of("secret-id", "tenant-schema", "lock-timeout"),
        List.copyOf(lines.get(1).settings().keySet()));
    assertEquals("globex", lines.get(1).settings().get("tenant-schema"));
  }

  @Test
  void a_bad_line_and_a_second_use_of_a_name_name_their_place_in_the_list() {
    MigrationException bad =
        assertThrows(
            MigrationException.class,
            () -> FleetLines.parse("s3://lists/x.txt", List.of("a jdbc:postgresql://h/d", "b")));
    assertEquals(ErrorCode.INVALID_TARGETS, bad.code());
    assertTrue(bad.getMessage().startsWith("s3://lists/x.txt:2: 'b' names no database"));

    MigrationException twice =
        assertThrows(
            MigrationException.class,
            () -> FleetLines.parse("f.txt", List.of("a db/a", "# x", "a db/b")));
    assertEquals(
        "f.txt:3: target name 'a' is already used on line 1; give every target its own name",
        twice.getMessage());
  }

  @Test
  void a_list_without_targets_is_refused() {
    MigrationException e =
        assertThrows(MigrationException.class, () -> FleetLines.parse("f.txt", List.of("# none")));
    assertEquals(ErrorCode.INVALID_TARGETS, e.code());
    assertTrue(e.getMessage().startsWith("f.txt lists no targets"));
  }

  @Test
  void target_names_follow_one_rule() {
    assertNull(FleetLines.nameProblem("tenant-a.1@x_y"));
    assertTrue(FleetLines.nameProblem("a/b").startsWith("'a/b' is not a target name"));
    assertTrue(FleetLines.nameProblem("-a") != null);
  }
}
