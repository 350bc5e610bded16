package dev.dbmigrate.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The function's jars are the same bytes from one build of a commit to the next, so a deploy tool
 * (CDK hashes the file) sees no change when nothing changed and does not redeploy the function.
 * What a build could make differ is what it makes itself: the project's own entries, their times
 * and the text Maven writes. Entries copied from dependency jars keep those jars' own times, which
 * are fixed. A full check, two clean builds compared byte for byte, is in CONTRIBUTING.md.
 */
class ReproducibleJarIT {

  private static final List<String> OWN_PREFIXES =
      List.of("dev/dbmigrate/", "db/migration/", "META-INF/maven/dev.dbmigrate/");

  private static Path jar(String property) {
    String path = System.getProperty(property);
    assertTrue(path != null, property + " is not set; run this test through Maven (failsafe)");
    return Path.of(path);
  }

  private static LocalDateTime outputTimestamp() {
    String value = System.getProperty("dbmigrate.output.timestamp");
    assertTrue(value != null, "dbmigrate.output.timestamp is not set; run it through Maven");
    return LocalDateTime.ofInstant(Instant.parse(value), ZoneOffset.UTC);
  }

  private static boolean own(String name) {
    return name.equals("META-INF/MANIFEST.MF") || OWN_PREFIXES.stream().anyMatch(name::startsWith);
  }

  @Test
  void every_entry_the_build_makes_has_the_fixed_time_and_no_build_time_in_its_text()
      throws IOException {
    LocalDateTime fixed = outputTimestamp();
    for (String property : List.of("dbmigrate.lambda.jar", "dbmigrate.lambda.runtime.jar")) {
      try (ZipFile zip = new ZipFile(jar(property).toFile())) {
        List<String> own = new ArrayList<>();
        for (ZipEntry e : java.util.Collections.list(zip.entries())) {
          if (!own(e.getName())) {
            continue;
          }
          own.add(e.getName());
          assertEquals(
              fixed, e.getTimeLocal(), () -> e.getName() + " in " + zip.getName() + " has");
          if (e.getName().endsWith("pom.properties") || e.getName().endsWith("MANIFEST.MF")) {
            String text = new String(zip.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
            // Maven writes a date comment into pom.properties, and Built-By into the manifest,
            // unless the build is reproducible.
            assertFalse(text.lines().anyMatch(l -> l.startsWith("#")), e.getName() + ":\n" + text);
            assertFalse(text.contains("Built-By") || text.contains("Build-Time"), text);
          }
        }
        assertTrue(
            own.contains("dev/dbmigrate/lambda/MigrationHandler.class"),
            () -> "the handler is not among " + own.size() + " own entries of " + zip.getName());
      }
    }
  }

  /**
   * The two jars come from two separate runs of the shade plugin over the same inputs: every entry
   * they share has the same bytes, the same time and the same place in the order.
   */
  @Test
  void two_shade_runs_over_the_same_inputs_write_shared_entries_alike() throws IOException {
    Map<String, ZipEntry> runtime = new LinkedHashMap<>();
    Map<String, byte[]> runtimeBytes = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(jar("dbmigrate.lambda.runtime.jar").toFile())) {
      for (ZipEntry e : java.util.Collections.list(zip.entries())) {
        runtime.put(e.getName(), e);
        runtimeBytes.put(e.getName(), zip.getInputStream(e).readAllBytes());
      }
    }
    List<String> sharedOrder = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar("dbmigrate.lambda.jar").toFile())) {
      for (ZipEntry e : java.util.Collections.list(zip.entries())) {
        ZipEntry other = runtime.get(e.getName());
        if (other == null) {
          continue;
        }
        sharedOrder.add(e.getName());
        assertEquals(other.getTimeLocal(), e.getTimeLocal(), e.getName());
        assertTrue(
            Arrays.equals(runtimeBytes.get(e.getName()), zip.getInputStream(e).readAllBytes()),
            e.getName() + " differs between the two jars");
      }
    }
    assertEquals(runtime.size(), sharedOrder.size(), "entries of the runtime jar missing");
    assertEquals(List.copyOf(runtime.keySet()), sharedOrder);
  }
}
