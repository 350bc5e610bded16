package dev.dbmigrate.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dbmigrate.testing.PostgresDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive as a team uses it: unpacked into an empty folder, run with a PATH that has
 * the launcher, a JDK and the basic tools but no Maven, an empty home and no cache, against the
 * local PostgreSQL.
 */
class ReleaseArchiveIT {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  /** What the launcher runs besides java; a missing one fails the run, which this test shows. */
  static final List<String> TOOLS =
      List.of(
          "bash",
          "env",
          "readlink",
          "dirname",
          "sed",
          "cksum",
          "stat",
          "cut",
          "mkdir",
          "awk",
          "mktemp",
          "find",
          "rm",
          "rmdir",
          "mv",
          "touch",
          "tail",
          "grep",
          "tee",
          "cat",
          "renice");

  @TempDir Path tmp;

  record Run(int exit, String out, String err, Duration took) {
    @Override
    public String toString() {
      return "exit "
          + exit
          + " in "
          + took.toMillis()
          + " ms\n--- stdout ---\n"
          + out
          + "--- stderr ---\n"
          + err
          + "---";
    }
  }

  @Test
  void unpacked_anywhere_it_inits_makes_migrates_reports_and_packages_reproducibly()
      throws Exception {
    Path install = unpack();
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path tools = toolsWithoutMaven();
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Map<String, String> env = new HashMap<>();
    env.put("PATH", install.resolve("bin") + ":" + tools);
    env.put("HOME", home.toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("DBMIGRATE_URL", db.url());
    env.put("DBMIGRATE_USER", db.user());
    if (db.password() != null && !db.password().isEmpty()) {
      env.put("DBMIGRATE_PASSWORD", db.password());
    }

    Run version = run(env, repo, "--version");
    assertEquals(0, version.exit(), version::toString);
    assertTrue(
        version.out().lines().anyMatch(l -> l.matches("commit [0-9a-f]{12}")), version::toString);

    Run init = run(env, repo, "init");
    assertEquals(0, init.exit(), init::toString);
    assertTrue(Files.isRegularFile(repo.resolve("dbmigrate.properties")), init::toString);

    Run make = run(env, repo, "make", "AddOrders");
    assertEquals(0, make.exit(), make::toString);
    Path made = Path.of(make.out().strip().replace("Created migration: ", ""));
    Files.writeString(
        made,
        Files.readString(made)
            .replace(
                "// Plain SQL works too: db.execute(\"create index ...\");",
                "db.execute(\"create table orders (id bigint primary key, note text default 'it''s ?')\");"));

    Run first = run(env, repo, "latest");
    assertEquals(0, first.exit(), first::toString);
    assertTrue((first.out() + first.err()).contains("Batch 1 run: 2 migrations"), first::toString);
    // How long it takes is measured by bench/release-archive, not asserted: a test on a shared
    // machine cannot tell a slow start from a busy neighbour.
    // The first run of all said what it does in the background: no silent wait.
    assertTrue(version.err().contains("class-data archive"), version::toString);

    Path archive = awaitClassDataArchive(home);
    Run warm = run(env, repo, "latest");
    assertEquals(0, warm.exit(), warm::toString);
    assertTrue(warm.out().contains("Already up to date"), warm::toString);
    // A warm run says only what it connects to: nothing of the launcher or the class-data archive.
    assertEquals(
        List.of(
            "dbmigrate: target: "
                + db.host()
                + ":"
                + db.port()
                + "/"
                + db.name()
                + " as "
                + db.user()),
        warm.err().lines().toList(),
        "a warm run printed more than its target on stderr: " + warm);

    Run status = run(env, repo, "status");
    assertEquals(0, status.exit(), status::toString);
    assertTrue(status.out().contains("CreateExampleTable"), status::toString);
    assertTrue(status.out().contains("AddOrders"), status::toString);

    Run one = run(env, repo, "package-lambda", "--out", "build/one.jar");
    assertEquals(0, one.exit(), one::toString);
    Run two = run(env, repo, "package-lambda", "--out", "build/two.jar");
    assertEquals(0, two.exit(), two::toString);
    byte[] bytes = Files.readAllBytes(repo.resolve("build/one.jar"));
    assertArrayEquals(bytes, Files.readAllBytes(repo.resolve("build/two.jar")));
    try (ZipFile jar = new ZipFile(repo.resolve("build/one.jar").toFile())) {
      assertTrue(jar.getEntry("dev/dbmigrate/lambda/MigrationHandler.class") != null);
      assertTrue(
          jar.stream()
              .anyMatch(e -> e.getName().matches("db/migration/M\\d{14}_AddOrders\\.class")));
      assertTrue(
          jar.stream()
              .anyMatch(e -> e.getName().matches("db/migration/M\\d{14}_AddOrders\\.java")));
      assertTrue(
          jar.getEntry("db/migration/M20261124160632_CreateInitialDemoTable.class") == null,
          "the artifact carries dbmigrate's own example migration");
    }

    System.out.printf(
        "release archive: first latest %d ms, warm no-op latest %d ms (%s)%n",
        first.took().toMillis(), warm.took().toMillis(), archive.getFileName());
  }

  private Path unpack() throws Exception {
    Path archive = Path.of(System.getProperty("dbmigrate.dist.archive"));
    assertTrue(Files.isRegularFile(archive), archive + " was not built");
    Path into = Files.createDirectories(tmp.resolve("opt"));
    Process tar =
        new ProcessBuilder("tar", "xzf", archive.toString(), "-C", into.toString())
            .inheritIO()
            .start();
    assertEquals(0, tar.waitFor());
    return into.resolve(System.getProperty("dbmigrate.dist.name"));
  }

  private Path toolsWithoutMaven() throws IOException {
    Path tools = Files.createDirectories(tmp.resolve("tools"));
    for (String tool : TOOLS) {
      Path found =
          Stream.of("/usr/bin", "/bin")
              .map(dir -> Path.of(dir, tool))
              .filter(Files::isExecutable)
              .findFirst()
              .orElseThrow(() -> new AssertionError(tool + " not found in /usr/bin or /bin"));
      Files.createSymbolicLink(tools.resolve(tool), found);
    }
    return tools;
  }

  /** The background archive is done when its file is there and its lock is gone. */
  private static Path awaitClassDataArchive(Path home) throws Exception {
    Path dir = home.resolve(".cache/dbmigrate/jvm");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
    while (System.nanoTime() < deadline) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.list(dir)) {
          List<Path> all = files.toList();
          assertFalse(
              all.stream().anyMatch(p -> p.toString().endsWith(".failed")),
              "making the class-data archive failed: " + all);
          boolean locked = all.stream().anyMatch(p -> p.toString().endsWith(".lock"));
          List<Path> done =
              all.stream()
                  .filter(p -> p.toString().endsWith(".jsa") || p.toString().endsWith(".aot"))
                  .toList();
          if (!locked && !done.isEmpty()) {
            return done.get(0);
          }
        }
      }
      Thread.sleep(250);
    }
    return fail("no class-data archive in " + dir + " after 600 s");
  }

  private static Run run(Map<String, String> env, Path dir, String... args) throws Exception {
    // env finds dbmigrate through the PATH given here, as a user's shell would.
    ProcessBuilder pb =
        new ProcessBuilder(
            Stream.concat(Stream.of("/usr/bin/env", "dbmigrate"), Stream.of(args)).toList());
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.directory(dir.toFile());
    Path out = Files.createTempFile(dir.getParent(), "out", ".txt");
    Path err = Files.createTempFile(dir.getParent(), "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    long start = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("dbmigrate " + String.join(" ", args) + " did not finish in 120 s");
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8),
        took);
  }
}
