package dev.dbmigrate.engine.internal;

import dev.dbmigrate.engine.CheckSettings;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.schema.PostgresSchemaReader;
import dev.dbmigrate.engine.schema.Schema;
import dev.dbmigrate.engine.schema.SchemaObject;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;

/**
 * The database {@code test} and {@code drift} build in: created on the target's server with a
 * unique name and dropped on close, whatever happened; or one given in the settings, which must be
 * empty and is left in place.
 */
public final class ScratchDatabase implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final DataSource target;
  private final String name;
  private final boolean created;
  private final DataSource dataSource;

  private ScratchDatabase(DataSource target, String name, boolean created, DataSource dataSource) {
    this.target = target;
    this.name = name;
    this.created = created;
    this.dataSource = dataSource;
  }

  /**
   * Creates a fresh database through the target's connection, or checks that the given is empty.
   */
  public static ScratchDatabase open(DataSource target, CheckSettings settings) {
    requirePostgres(target);
    String given = settings.scratchDatabase();
    if (given != null) {
      ScratchDatabase s =
          new ScratchDatabase(target, given, false, settings.server().database(given));
      s.requireEmpty();
      return s;
    }
    String name = "dbm_scratch_" + HexFormat.of().formatHex(RANDOM.generateSeed(6));
    try (Connection c = target.getConnection();
        Statement s = c.createStatement()) {
      s.execute("create database " + name);
    } catch (SQLException e) {
      if ("42501".equals(e.getSQLState())) {
        throw new MigrationException(
            ErrorCode.CONFIGURATION,
            "the user may not create the scratch database: "
                + SqlErrors.oneLine(e.getMessage())
                + "; grant it CREATEDB, or give an empty database with the scratch-database"
                + " setting",
            e);
      }
      throw SqlErrors.connectFailure(e);
    }
    return new ScratchDatabase(target, name, true, settings.server().database(name));
  }

  /** The schema reader reads PostgreSQL's catalog; another engine's would read another. */
  private static void requirePostgres(DataSource target) {
    String product;
    try (Connection c = target.getConnection()) {
      product = c.getMetaData().getDatabaseProductName();
    } catch (SQLException e) {
      throw SqlErrors.connectFailure(e);
    }
    if (!"PostgreSQL".equalsIgnoreCase(product)) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "test and drift read PostgreSQL's catalog, and the target is "
              + product
              + "; on MySQL and MariaDB they are not available yet");
    }
  }

  public String name() {
    return name;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  private void requireEmpty() {
    Schema schema;
    try (Connection c = dataSource.getConnection()) {
      schema = new PostgresSchemaReader(null, false).read(c);
    } catch (SQLException e) {
      throw SqlErrors.connectFailure(e);
    }
    List<String> objects =
        schema.objects().values().stream()
            .filter(o -> !o.kind().equals("schema") && !o.kind().equals("extension"))
            .map(SchemaObject::key)
            .limit(3)
            .toList();
    if (!objects.isEmpty()) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "the scratch database "
              + name
              + " is not empty (it holds "
              + String.join(", ", objects)
              + "); give an empty database as scratch-database, or leave the setting out so a"
              + " fresh one is created and dropped");
    }
  }

  /** Drops a database this run created; every connection to it must be closed by now. */
  @Override
  public void close() {
    if (!created) {
      return;
    }
    try (Connection c = target.getConnection();
        Statement s = c.createStatement()) {
      // FORCE (PostgreSQL 13+) ends a session a failed migration may have left behind.
      s.execute("drop database if exists " + name + " with (force)");
    } catch (SQLException e) {
      throw new MigrationException(
          ErrorCode.CONNECTION,
          "could not drop the scratch database "
              + name
              + ": "
              + SqlErrors.oneLine(e.getMessage())
              + "; drop it by hand",
          e);
    }
  }
}
