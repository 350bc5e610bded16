package dev.dbmigrate.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AdoptionNamesTest {

  @Test
  void knex_file_names_lose_only_a_script_extension() {
    assertEquals(
        "20211004160632_CreateInitialDemoTable",
        AdoptKnexCommand.withoutExtension("20211004160632_CreateInitialDemoTable.js"));
    for (String ext : new String[] {"ts", "cjs", "mjs", "cts", "mts", "coffee"}) {
      assertEquals(
          "20211004160632_a", AdoptKnexCommand.withoutExtension("20211004160632_a." + ext));
    }
    assertEquals("20211004160632_a.sql", AdoptKnexCommand.withoutExtension("20211004160632_a.sql"));
    assertEquals(
        "20211004160632_v1.2_a", AdoptKnexCommand.withoutExtension("20211004160632_v1.2_a.ts"));
  }

  @Test
  void flyway_versions_compare_by_numeric_parts_as_flyway_orders_them() {
    assertTrue(AdoptFlywayCommand.compareVersions("1.10", "1.9") > 0);
    assertTrue(AdoptFlywayCommand.compareVersions("2", "1.99.3") > 0);
    assertEquals(0, AdoptFlywayCommand.compareVersions("1.0", "1"));
    assertEquals(0, AdoptFlywayCommand.compareVersions("1_1", "1.1"));
    assertTrue(AdoptFlywayCommand.compareVersions("20240101120000", "3") > 0);
  }
}
