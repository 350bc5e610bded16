package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.PostgresDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQL migration files against a real PostgreSQL: the corpus in {@code sql-corpus} (dollar-quoted
 * plpgsql with lone quotes and {0}, jsonb ? operators, E'' strings, an enum, a standard-SQL body, a
 * COPY block, several CREATE INDEX CONCURRENTLY) plus a generated 200 KB file must leave the same
 * schema as {@code psql -v ON_ERROR_STOP=1 -f} of the same files, and roll back and apply again.
 */
class SqlMigrationsTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();
  @RegisterExtension static final PostgresDatabase reference = new PostgresDatabase();

  private static final List<String> CORPUS =
      List.of(
          "20260301000001_Types.up.sql",
          "20260301000001_Types.down.sql",
          "20260301000002_Functions.up.sql",
          "20260301000002_Functions.down.sql",
          "20260301000003_Seed.up.sql",
          "20260301000003_Seed.down.sql",
          "20260301000004_Indexes.up.sql",
          "20260301000004_Indexes.down.sql");

  @TempDir Path dir;

  @BeforeEach
  void emptySchemas() throws SQLException, IOException {
    for (PostgresDatabase d : List.of(db, reference)) {
      d.execute(
          "drop schema public cascade; create schema public;"
              + " drop type if exists mood; drop function if exists touch_updated_at()");
    }
    for (String f : CORPUS) {
      try (InputStream in = getClass().getResourceAsStream("/sql-corpus/" + f)) {
        Files.write(dir.resolve(f), in.readAllBytes());
      }
    }
  }

  private Migrator migrator(MigrationSource source) {
    return new Migrator(
        db.dataSource(),
        source,
        MigratorConfig.defaults().withAppliedBy("test@host"),
        MigrationListener.NONE);
  }

  private Migrator migrator() {
    return migrator(new SqlFileMigrationSource(List.of(dir)));
  }

  /** A 200 KB file: a wide function body and many rows, with quotes and ? everywhere. */
  private void writeBigFile() throws IOException {
    StringBuilder up = new StringBuilder("CREATE TABLE big (id int PRIMARY KEY, v text);\n");
    up.append("CREATE FUNCTION big_fn() RETURNS int LANGUAGE plpgsql AS $fn$\nBEGIN\n");
    for (int i = 0; i < 1500; i++) {
      up.append("  RAISE DEBUG 'step ").append(i).append(" of {0}? it''s fine';\n");
    }
    up.append("  RETURN 1;\nEND\n$fn$;\n");
    for (int i = 0; up.length() < 200_000; i++) {
      up.append("INSERT INTO big VALUES (")
          .append(i)
          .append(", E'row ")
          .append(i)
          .append(" \\'quoted\\' ? {0}; -- not a comment');\n");
    }
    Files.writeString(dir.resolve("20260301000005_Big.up.sql"), up);
    Files.writeString(
        dir.resolve("20260301000005_Big.down.sql"), "DROP FUNCTION big_fn();\nDROP TABLE big;\n");
  }

  @Test
  void the_corpus_applies_rolls_back_and_applies_again_like_psql() throws Exception {
    writeBigFile();
    String empty = schemaOf(db);
    List<Path> ups;
    try (Stream<Path> files = Files.list(dir)) {
      ups = files.filter(p -> p.toString().endsWith(".up.sql")).sorted().toList();
    }
    assertEquals(5, ups.size());
    for (Path up : ups) {
      psql(reference, up);
    }
    String expected = schemaOf(reference);

    RunResult applied = migrator().latest();
    assertEquals(5, applied.executed().size());
    assertEquals(expected, schemaOf(db));
    assertEquals(rows(reference), rows(db));
    assertEquals(
        "it's; fine", db.scalar("select note from people where name = 'Ada'"), "COPY data");
    assertNull(db.scalar("select note from people where name = 'Bob'"), "\\N in COPY is null");
    assertEquals("tab\there \\ backslash", db.scalar("select note from people where name = 'Cy'"));
    assertEquals(
        "it's Ada a.k.a. ada", db.scalar("select describe(p) from people p where name = 'Ada'"));
    assertEquals(
        "line one\nit's line two; still the same string",
        db.scalar("insert into people (name) values ('Di') returning note"),
        "E'' string with an escaped quote and a semicolon");
    assertEquals(
        "0",
        db.scalar(
                "select count(*) from pg_index i join pg_class c on c.oid = i.indexrelid"
                    + " where not i.indisvalid")
            .toString(),
        "no index left invalid");

    migrator().rollback(true);
    assertEquals(empty, schemaOf(db));
    assertEquals(0L, db.scalar("select count(*) from dbmigrate_migrations"));

    migrator().latest();
    assertEquals(expected, schemaOf(db));
  }

  @Test
  void a_failing_statement_in_the_middle_names_file_line_and_statement_and_applies_nothing()
      throws Exception {
    Path file = dir.resolve("20260302000000_Broken.up.sql");
    Files.writeString(
        file,
        """
        CREATE TABLE first_one (id int);
        -- a comment
        INSERT INTO first_one VALUES (1);
        INSERT INTO first_one
          VALUES ('not a number');
        CREATE TABLE never (id int);
        """);
    MigrationException e = assertThrows(MigrationException.class, () -> migrator().latest());
    assertEquals(ErrorCode.MIGRATION_FAILED, e.code());
    assertTrue(e.getMessage().contains(file + ":5: ERROR: invalid input syntax"), e.getMessage());
    assertTrue(
        e.getMessage().contains("statement: INSERT INTO first_one; VALUES ('not a number')"),
        e.getMessage());
    assertTrue(e.getMessage().contains("nothing of it is applied"), e.getMessage());
    assertNull(db.scalar("select to_regclass('public.first_one')"));
    assertEquals(
        4L,
        db.scalar("select count(*) from dbmigrate_migrations"),
        "the migrations before it each committed on their own; it has no row");
  }

  @Test
  void rollback_without_a_down_file_refuses_before_reverting_anything() throws Exception {
    Files.delete(dir.resolve("20260301000003_Seed.down.sql"));
    migrator().latest();
    MigrationException e = assertThrows(MigrationException.class, () -> migrator().rollback(true));
    assertEquals(ErrorCode.NOT_FOUND, e.code());
    assertTrue(
        e.getMessage().contains("migration 20260301000003_Seed cannot be rolled back"),
        e.getMessage());
    assertTrue(e.getMessage().contains("20260301000003_Seed.down.sql"), e.getMessage());
    assertEquals(4L, db.scalar("select count(*) from dbmigrate_migrations"));
    assertEquals(
        "people_name",
        db.scalar("select indexname from pg_indexes where indexname =" + " 'people_name'"));
    MigrationException down = assertThrows(MigrationException.class, () -> migrator().down("Seed"));
    assertEquals(ErrorCode.NOT_FOUND, down.code());
    assertThrows(
        MigrationException.class,
        () -> migrator().dryRun().rollback(true),
        "the dry run refuses as the run does");
  }

  @Test
  void psql_meta_commands_are_refused_before_anything_runs_naming_the_line() throws Exception {
    Files.writeString(
        dir.resolve("20260303000000_Meta.up.sql"),
        "CREATE TABLE meta (id int);\n\\set ON_ERROR_STOP on\nSELECT 1;\n");
    MigrationException e = assertThrows(MigrationException.class, () -> migrator().latest());
    assertEquals(ErrorCode.INVALID_MIGRATIONS, e.code());
    assertTrue(
        e.getMessage()
            .contains(
                "20260303000000_Meta.up.sql:2: '\\set ON_ERROR_STOP on'"
                    + " is a psql meta-command"),
        e.getMessage());
    assertNull(db.scalar("select to_regclass('public.dbmigrate_migrations')"), "nothing ran");
  }

  @Test
  void begin_and_commit_in_a_file_are_refused_naming_the_line() throws Exception {
    Files.writeString(
        dir.resolve("20260303000000_Tx.up.sql"), "BEGIN;\nCREATE TABLE tx (id int);\nCOMMIT;\n");
    MigrationException e = assertThrows(MigrationException.class, () -> migrator().latest());
    assertTrue(e.getMessage().contains("20260303000000_Tx.up.sql:1: BEGIN"), e.getMessage());
  }

  @Test
  void java_and_sql_migrations_share_one_order_one_batch_and_one_duplicate_check()
      throws Exception {
    TestMigrations java =
        new TestMigrations()
            .add(
                "20260301000003_JavaBetween",
                d -> Sql.execute(d, "INSERT INTO people (name) VALUES ('from java ?');"),
                d -> Sql.execute(d, "DELETE FROM people WHERE name = 'from java ?'"));
    java.add("20260301000001_X", d -> {}, d -> {});
    MigrationSource both =
        MigrationSource.concat(List.of(java, new SqlFileMigrationSource(List.of(dir))));
    MigrationException twin = assertThrows(MigrationException.class, () -> migrator(both).latest());
    assertEquals(ErrorCode.INVALID_MIGRATIONS, twin.code());
    assertTrue(twin.getMessage().contains("have the same timestamp 20260301000001"));

    java.remove("20260301000001_X").remove("20260301000003_JavaBetween");
    java.add(
        "20260301000003_JavaAfterTypes",
        d -> Sql.execute(d, "INSERT INTO people (name) VALUES ('from java ?');"),
        d -> {});
    Files.delete(dir.resolve("20260301000003_Seed.up.sql"));
    Files.delete(dir.resolve("20260301000003_Seed.down.sql"));
    RunResult result = migrator(both).latest();
    assertEquals(
        List.of(
            "20260301000001_Types",
            "20260301000002_Functions",
            "20260301000003_JavaAfterTypes",
            "20260301000004_Indexes"),
        result.executed().stream().map(ExecutedMigration::name).toList());
    assertEquals(1L, db.scalar("select count(distinct batch) from dbmigrate_migrations"));
    assertEquals("from java ?", db.scalar("select name from people"));
  }

  @Test
  void sql_execute_sends_what_jooq_templating_breaks_on() throws Exception {
    String text =
        """
        CREATE TABLE t (a text);
        COMMENT ON TABLE t IS $$it's a table$$;
        COMMENT ON COLUMN t.a IS 'col ? one';
        CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT 'uses {0} and {1}' $$;
        COPY t (a) FROM stdin;
        row one
        row ? two
        \\.
        """;
    TestMigrations java =
        new TestMigrations()
            .add("20260401000000_Raw", d -> Sql.execute(d, text), d -> {})
            .add(
                "20260401000001_Concurrently",
                d ->
                    Sql.execute(
                        d,
                        "CREATE INDEX CONCURRENTLY t_a ON t (a);\n"
                            + "CREATE INDEX CONCURRENTLY t_a2 ON t (lower(a));"),
                d -> {},
                false,
                "c");
    migrator(java).latest();
    assertEquals("it's a table", db.scalar("select obj_description('t'::regclass)"));
    assertEquals("col ? one", db.scalar("select col_description('t'::regclass, 1)"));
    assertEquals("uses {0} and {1}", db.scalar("select f()"));
    assertEquals(2L, db.scalar("select count(*) from t"));
    assertEquals(2L, db.scalar("select count(*) from pg_indexes where tablename = 't'"));
  }

  @Test
  void db_execute_that_jooq_cannot_render_fails_with_a_message_naming_the_fix() throws Exception {
    TestMigrations java =
        new TestMigrations()
            .add(
                "20260401000000_Templated",
                d ->
                    d.execute(
                        "CREATE TABLE t (a text); COMMENT ON TABLE t IS $$it's a table$$;"
                            + " COMMENT ON COLUMN t.a IS 'col ? one';"),
                d -> {});
    MigrationException e = assertThrows(MigrationException.class, () -> migrator(java).latest());
    assertEquals(ErrorCode.MIGRATION_FAILED, e.code());
    assertTrue(e.getMessage().contains("Sql.execute(db"), e.getMessage());
    assertFalse(e.getMessage().contains("Exception"), e.getMessage());
  }

  @Test
  void the_checksum_ignores_layout_and_comments_but_not_literals_and_is_the_same_from_a_jar()
      throws Exception {
    String a = migrator().status().migrations().get(1).currentChecksum();
    Path functions = dir.resolve("20260301000002_Functions.up.sql");
    String text = Files.readString(functions);
    Files.writeString(
        functions,
        "/* reviewed */\n" + text.replace(";\n\n", ";\n\n\n   /* layout */  \n") + "\n-- end\n");
    assertEquals(a, migrator().status().migrations().get(1).currentChecksum());
    Files.writeString(functions, text.replace("it's $$", "it is $$"));
    String changed = migrator().status().migrations().get(1).currentChecksum();
    assertFalse(a.equals(changed));

    Path root = dir.resolve("classes");
    Path pkg = Files.createDirectories(root.resolve("db/migration"));
    for (String f : CORPUS) {
      Files.copy(dir.resolve(f), pkg.resolve(f));
    }
    List<String> fromFiles = checksums(new SqlFileMigrationSource(List.of(pkg)));
    try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
      assertEquals(fromFiles, checksums(new ClasspathMigrationSource(loader, "db.migration")));
    }
    assertEquals(4, fromFiles.size());

    Path jar = dir.resolve("migrations.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("db/migration/"));
      for (String f : CORPUS) {
        out.putNextEntry(new JarEntry("db/migration/" + f));
        out.write(Files.readAllBytes(pkg.resolve(f)));
      }
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      assertEquals(fromFiles, checksums(new ClasspathMigrationSource(loader, "db.migration")));
    }
  }

  private static List<String> checksums(MigrationSource source) {
    List<AvailableMigration> all = new ArrayList<>(source.migrations());
    all.sort((x, y) -> x.name().compareTo(y.name()));
    return all.stream().map(m -> m.name() + "=" + m.checksum()).toList();
  }

  private static void psql(PostgresDatabase target, Path file) throws Exception {
    run(
        "psql",
        "-X",
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
        "-h",
        target.host(),
        "-p",
        String.valueOf(target.port()),
        "-U",
        target.user(),
        "-d",
        target.name(),
        "-f",
        file.toString());
  }

  /** The schema as pg_dump writes it, without the history table and comments. */
  private static String schemaOf(PostgresDatabase target) throws Exception {
    String dump =
        run(
            "pg_dump",
            "--schema-only",
            "--no-owner",
            "--exclude-table=dbmigrate_migrations",
            "-h",
            target.host(),
            "-p",
            String.valueOf(target.port()),
            "-U",
            target.user(),
            "-d",
            target.name());
    return dump.lines()
        .filter(
            l ->
                !l.startsWith("--") && !l.startsWith("\\restrict") && !l.startsWith("\\unrestrict"))
        .filter(l -> !l.isBlank())
        .collect(Collectors.joining("\n"));
  }

  private static String rows(PostgresDatabase target) throws SQLException {
    return String.valueOf(
            target.scalar(
                "select string_agg(name || '|' || current_mood || '|' || attrs::text || '|'"
                    + " || coalesce(note, '<null>'), ';' order by name) from people"))
        + target.scalar("select count(*) from events")
        + target.scalar("select count(*) || ':' || sum(length(v)) from big");
  }

  private static String run(String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    String password = db.password();
    if (!password.isEmpty()) {
      pb.environment().put("PGPASSWORD", password);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " timed out");
    assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + out);
    return out;
  }
}
