package dev.dbmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.testing.PostgresDatabase;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class PackageLambdaCommandTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  static final String MIGRATION = "M20261201090000_CreateAccounts";
  static final String SQL = "db/migration/20261201091000_AddAccountIndex.up.sql";

  @TempDir Path tmp;
  CliRunner cli;
  Path runtime;

  @BeforeEach
  void setUp() throws Exception {
    cli = CliRunner.forProject(db, tmp);
    cli.files()
        .write(
            MIGRATION,
            """
            package db.migration;

            import dev.dbmigrate.engine.Migration;
            import org.jooq.DSLContext;

            public class M20261201090000_CreateAccounts implements Migration {
              @Override
              public void up(DSLContext db) {
                db.execute("create table accounts (id bigint primary key, note text default '?')");
              }

              @Override
              public void down(DSLContext db) {
                db.execute("drop table accounts");
              }
            }
            """);
    Path resources = tmp.resolve("resources");
    Files.createDirectories(resources.resolve("db/migration"));
    Files.writeString(
        resources.resolve(SQL),
        "-- what's this? an index\ncreate index concurrently accounts_note on accounts (note);\n");
    runtime = tmp.resolve("runtime.jar");
    writeRuntime(runtime);
  }

  /** Stands in for the function without migrations: a manifest, one class, one service file. */
  private static void writeRuntime(Path jar) throws Exception {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      for (String name :
          List.of("dev/dbmigrate/lambda/MigrationHandler.class", "META-INF/services/x.Y")) {
        out.putNextEntry(new JarEntry(name));
        out.write(name.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
  }

  private CliRunner.Result pack(Path out, String... more) {
    List<String> args = new ArrayList<>(List.of("package-lambda", "--out", out.toString()));
    args.addAll(List.of("--runtime", runtime.toString()));
    args.addAll(List.of("--resources-dir", tmp.resolve("resources").toString()));
    Collections.addAll(args, more);
    return cli.run(args.toArray(String[]::new));
  }

  private static List<String> names(Path jar) throws Exception {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.stream().map(ZipEntry::getName).toList();
    }
  }

  @Test
  void two_builds_of_the_same_migrations_are_byte_for_byte_the_same() throws Exception {
    Path first = tmp.resolve("out/first.jar");
    Path second = tmp.resolve("out/second.jar");

    pack(first).assertExit(ExitCodes.OK);
    // A later build, with the sources touched and a fresh compile: only contents count.
    Files.setLastModifiedTime(
        cli.migrationsDir().resolve("db/migration/" + MIGRATION + ".java"),
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
    pack(second).assertExit(ExitCodes.OK);

    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
  }

  @Test
  void the_artifact_holds_the_runtime_the_classes_their_sources_and_the_sql_files()
      throws Exception {
    Path out = tmp.resolve("lambda.jar");

    CliRunner.Result r = pack(out).assertExit(ExitCodes.OK);

    assertTrue(r.out().startsWith("Wrote " + out + ": 1 migration, "), r::toString);
    List<String> names = names(out);
    assertEquals(List.of("META-INF/", "META-INF/MANIFEST.MF"), names.subList(0, 2));
    List<String> rest = names.subList(2, names.size());
    assertEquals(rest.stream().sorted().toList(), rest, "entries are not in name order");
    for (String expected :
        List.of(
            "db/",
            "db/migration/",
            "db/migration/" + MIGRATION + ".class",
            "db/migration/" + MIGRATION + ".java",
            SQL,
            "dev/dbmigrate/lambda/MigrationHandler.class",
            "META-INF/services/x.Y")) {
      assertTrue(names.contains(expected), expected + " missing from " + names);
    }
    try (JarFile jar = new JarFile(out.toFile())) {
      LocalDateTime fixed = LocalDateTime.of(1980, 2, 1, 0, 0);
      jar.stream().forEach(e -> assertEquals(fixed, e.getTimeLocal(), e.getName()));
      assertTrue(
          new String(jar.getInputStream(jar.getEntry(SQL)).readAllBytes(), StandardCharsets.UTF_8)
              .contains("create index concurrently"));
    }
  }

  @Test
  void json_names_the_file_its_size_and_digest() throws Exception {
    Path out = tmp.resolve("lambda.jar");

    CliRunner.Result r = pack(out, "--json").assertExit(ExitCodes.OK);

    @SuppressWarnings("unchecked")
    Map<String, Object> reply = (Map<String, Object>) MiniJson.parse(r.out());
    assertEquals(true, reply.get("success"));
    assertEquals(out.toString(), reply.get("path"));
    assertEquals(1L, ((Number) reply.get("migrations")).longValue());
    assertEquals(Files.size(out), ((Number) reply.get("bytes")).longValue());
    assertTrue(reply.get("sha256").toString().matches("[0-9a-f]{64}"), r::toString);
  }

  @Test
  void a_migration_that_does_not_compile_writes_no_artifact() throws Exception {
    cli.files()
        .write(
            "M20261201092000_Broken",
            "package db.migration;\npublic class M20261201092000_Broken { int x = ; }\n");
    Path out = tmp.resolve("lambda.jar");

    CliRunner.Result r =
        pack(out).assertExit(ExitCodes.of(ErrorCode.COMPILATION)).assertNoStackTrace();

    assertTrue(r.err().contains("M20261201092000_Broken.java:2"), r::toString);
    assertFalse(Files.exists(out), "a jar was written");
    try (var left = Files.list(tmp)) {
      assertTrue(left.noneMatch(p -> p.toString().endsWith(".tmp")), "a temp file was left");
    }
  }

  @Test
  void a_missing_runtime_says_how_to_get_one() throws Exception {
    runtime = tmp.resolve("no-such-runtime.jar");

    CliRunner.Result r =
        pack(tmp.resolve("lambda.jar"))
            .assertExit(ExitCodes.of(ErrorCode.CONFIGURATION))
            .assertOneLineError();

    assertTrue(r.err().contains(runtime.toString()), r::toString);
    assertTrue(r.err().contains("--runtime"), r::toString);
  }

  @Test
  void a_resource_that_is_also_a_runtime_file_is_refused() throws Exception {
    Path clash = tmp.resolve("resources/META-INF/services/x.Y");
    Files.createDirectories(clash.getParent());
    Files.writeString(clash, "mine");

    CliRunner.Result r =
        pack(tmp.resolve("lambda.jar")).assertExit(ExitCodes.of(ErrorCode.CONFIGURATION));

    assertTrue(r.err().contains("META-INF/services/x.Y"), r::toString);
  }
}
