package dev.dbmigrate.cli;

import dev.dbmigrate.testing.PostgresDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Many empty databases on the test server for a fleet, made and dropped 16 at a time: each CREATE
 * (FILE_COPY) and DROP DATABASE waits for a checkpoint, and concurrent ones share it. The default
 * strategy, WAL_LOG, writes the template's pages (about 7 MB) to the WAL for every database, which
 * on this machine made the drops afterwards five times slower.
 */
final class FleetDatabases implements AutoCloseable {

  private static final int AT_ONCE = 16;

  private final PostgresDatabase server;
  private final List<String> names;

  private FleetDatabases(PostgresDatabase server, List<String> names) {
    this.server = server;
    this.names = names;
  }

  /** {@code count} fresh databases, named {@code fl_<random>_<i>}, on the server of {@code db}. */
  static FleetDatabases create(PostgresDatabase db, int count) throws SQLException {
    String prefix = String.format(Locale.ROOT, "fl_%08x_", ThreadLocalRandom.current().nextInt());
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      names.add(prefix + String.format(Locale.ROOT, "%03d", i));
    }
    FleetDatabases made = new FleetDatabases(db, names);
    made.each("create database %s strategy file_copy");
    return made;
  }

  List<String> names() {
    return names;
  }

  String url(int i) {
    return "jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + names.get(i);
  }

  Connection connect(int i) throws SQLException {
    return DriverManager.getConnection(url(i), server.user(), server.password());
  }

  /** One line per database: {@code t<i> <url>}, and {@code extra} after the URL. */
  Path writeFleetFile(Path file, String extra) throws IOException {
    StringBuilder s = new StringBuilder("# a fleet of " + names.size() + " databases\n");
    for (int i = 0; i < names.size(); i++) {
      s.append(String.format(Locale.ROOT, "t%03d %s %s%n", i + 1, url(i), extra));
    }
    return Files.writeString(file, s.toString(), StandardCharsets.UTF_8);
  }

  private void each(String sqlFormat) throws SQLException {
    ExecutorService pool = Executors.newFixedThreadPool(AT_ONCE);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (String name : names) {
        done.add(
            pool.submit(
                () -> {
                  try (Connection c =
                          DriverManager.getConnection(
                              server.adminUrl(), server.user(), server.password());
                      Statement s = c.createStatement()) {
                    s.execute(String.format(Locale.ROOT, sqlFormat, '"' + name + '"'));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof SQLException s ? s : new SQLException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  @Override
  public void close() throws SQLException {
    each("drop database if exists %s with (force)");
  }
}
