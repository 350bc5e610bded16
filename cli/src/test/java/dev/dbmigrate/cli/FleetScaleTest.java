package dev.dbmigrate.cli;

import static dev.dbmigrate.cli.MigrationFiles.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.PostgresDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** 200 databases, and 200 tenant schemas in one database, each migrated from one command. */
class FleetScaleTest {

  static final int TARGETS = 200;

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  @TempDir Path tmp;

  private CliRunner project() throws Exception {
    CliRunner cli = CliRunner.forProject(db, tmp).withoutEnv("DBMIGRATE_URL");
    cli.files().createTable(ts(1), "A", "t_a");
    Files.writeString(
        cli.migrationsDir().resolve(ts(2) + "_Moods.up.sql"),
        """
        create type mood as enum ('happy', 'sad');
        create table people (id bigint generated always as identity primary key, m mood);
        create index people_sad on people (id) where m = 'sad';
        """,
        StandardCharsets.UTF_8);
    return cli;
  }

  @Test
  void two_hundred_databases_from_one_command() throws Exception {
    CliRunner cli = project();
    try (FleetDatabases fleet = FleetDatabases.create(db, TARGETS)) {
      Path file = fleet.writeFleetFile(tmp.resolve("fleet.txt"), "");

      CliRunner.Result r = cli.run("latest", "--fleet", file.toString(), "--parallel", "8");

      r.assertExit(0);
      assertTrue(r.out().matches("(?s).*applied +" + TARGETS + "\n.*"), r::toString);
      for (int i = 0; i < TARGETS; i++) {
        try (Connection c = fleet.connect(i);
            Statement s = c.createStatement();
            ResultSet rs =
                s.executeQuery(
                    "select count(*), bool_and(status = 'applied') from dbmigrate_migrations")) {
          rs.next();
          assertEquals(2, rs.getInt(1), fleet.names().get(i));
          assertTrue(rs.getBoolean(2));
        }
      }
      cli.run("status", "--fleet", file.toString(), "--fail-on-pending").assertExit(0);
    }
  }

  @Test
  void two_hundred_tenant_schemas_in_one_database_from_one_command() throws Exception {
    CliRunner cli = project();
    StringBuilder lines = new StringBuilder();
    for (int i = 1; i <= TARGETS; i++) {
      lines.append(String.format("tenant%03d %s tenant%03d%n", i, db.url(), i));
    }
    Path file = Files.writeString(tmp.resolve("tenants.txt"), lines.toString());

    CliRunner.Result r = cli.run("latest", "--fleet", file.toString(), "--parallel", "8");

    r.assertExit(0);
    assertEquals(
        (long) TARGETS,
        db.scalar(
            "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                + " where c.relname = 'people' and n.nspname like 'tenant%'"));
    assertEquals(
        (long) TARGETS,
        db.scalar(
            "select count(*) from pg_type t join pg_namespace n on n.oid = t.typnamespace"
                + " where t.typname = 'mood' and n.nspname like 'tenant%'"));
    long rows = 0;
    for (int i = 1; i <= TARGETS; i++) {
      rows +=
          (Long)
              db.scalar(String.format("select count(*) from tenant%03d.dbmigrate_migrations", i));
    }
    assertEquals(2L * TARGETS, rows);
    assertEquals(null, db.scalar("select to_regclass('public.people')"));
  }
}
