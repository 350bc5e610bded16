package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class MigrationNameTest {

  @Test
  void class_name_gives_the_migration_name() {
    MigrationName n = MigrationName.ofClassName("M20261124160632_CreateInitialDemoTable");
    assertEquals("20261124160632_CreateInitialDemoTable", n.toString());
    assertEquals("20261124160632", n.timestamp());
    assertEquals("M20261124160632_CreateInitialDemoTable", n.className());
  }

  @Test
  void malformed_names_are_refused_with_the_expected_shape() {
    for (String bad :
        new String[] {"M2026_Bad", "M20261124160632", "M20261124160632_", "M2026112416063X_A"}) {
      MigrationException e =
          assertThrows(MigrationException.class, () -> MigrationName.ofClassName(bad));
      assertEquals(ErrorCode.INVALID_MIGRATIONS, e.code());
      assertTrue(e.getMessage().contains(bad), e.getMessage());
      assertTrue(e.getMessage().contains("M<yyyyMMddHHmmss>_<Description>"), e.getMessage());
    }
  }

  @Test
  void names_that_look_like_a_migration_without_being_one_are_told_apart_from_helpers() {
    for (String lookalike :
        new String[] {
          "m20261201100009_Lower", "Migration20261201100009", "V20261201100009__Init"
        }) {
      assertTrue(MigrationName.looksMisnamed(lookalike), lookalike);
    }
    for (String fine :
        new String[] {"M20261201100009_Fine", "Helpers", "Sql", "MyTable2", "Backfill2026"}) {
      assertFalse(MigrationName.looksMisnamed(fine), fine);
    }
  }

  @Test
  void the_classpath_source_refuses_a_lookalike_class_naming_it_and_its_package(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path root) throws Exception {
    java.nio.file.Path pkg = java.nio.file.Files.createDirectories(root.resolve("lookalike"));
    java.nio.file.Files.write(pkg.resolve("m20261201100009_Lower.class"), new byte[0]);
    try (java.net.URLClassLoader loader =
        new java.net.URLClassLoader(new java.net.URL[] {root.toUri().toURL()}, null)) {
      MigrationException e =
          assertThrows(
              MigrationException.class,
              () -> new ClasspathMigrationSource(loader, "lookalike").migrations());
      assertEquals(ErrorCode.INVALID_MIGRATIONS, e.code());
      assertTrue(
          e.getMessage().contains("class m20261201100009_Lower (package lookalike)"),
          e.getMessage());
    }
  }

  @Test
  void impossible_dates_are_refused() {
    MigrationException e =
        assertThrows(
            MigrationException.class, () -> MigrationName.ofClassName("M20261340250000_Foo"));
    assertTrue(e.getMessage().contains("not a valid UTC date"), e.getMessage());
  }

  @Test
  void helper_classes_are_not_migrations() {
    assertFalse(MigrationName.looksLikeMigration("Helpers"));
    assertFalse(MigrationName.looksLikeMigration("Migrations"));
    assertTrue(MigrationName.looksLikeMigration("M2026_Bad"));
  }

  @Test
  void create_refuses_names_that_are_not_identifiers() {
    LocalDateTime t = LocalDateTime.of(2026, 11, 24, 16, 6, 32);
    assertEquals("20261124160632_AddUsers", MigrationName.create(t, "AddUsers").toString());
    for (String bad : new String[] {"", "1Add", "add-users", "add users", "Add$"}) {
      MigrationException e =
          assertThrows(MigrationException.class, () -> MigrationName.create(t, bad));
      assertEquals(ErrorCode.CONFIGURATION, e.code());
    }
  }

  @Test
  void names_order_by_timestamp() {
    assertTrue(
        MigrationName.ofClassName("M20250101000000_Z")
                .compareTo(MigrationName.ofClassName("M20260101000000_A"))
            < 0);
  }

  @Test
  void a_timestamp_is_valid_exactly_when_the_strict_formatter_parses_it() {
    java.util.Random random = new java.util.Random(7);
    java.util.List<String> samples =
        new java.util.ArrayList<>(
            java.util.List.of(
                "20240229235959",
                "20230229000000",
                "20261301000000",
                "20261200000000",
                "20261231240000",
                "20261231236000",
                "20261231235960",
                "00000101000000",
                "99991231235959",
                "19000229000000",
                "20000229000000",
                "20261131000000"));
    for (int i = 0; i < 20_000; i++) {
      samples.add(
          String.format(
              "%04d%02d%02d%02d%02d%02d",
              random.nextInt(10_000),
              random.nextInt(14),
              random.nextInt(33),
              random.nextInt(26),
              random.nextInt(62),
              random.nextInt(62)));
    }
    for (String digits : samples) {
      boolean parses;
      try {
        LocalDateTime.parse(digits, MigrationName.TIMESTAMP);
        parses = true;
      } catch (java.time.format.DateTimeParseException e) {
        parses = false;
      }
      assertEquals(parses, MigrationName.isValidTimestamp(digits), digits);
    }
  }
}
