package dev.dbmigrate.engine;

import javax.sql.DataSource;

/**
 * Connections to other databases on the target's server, as the same user: where {@code test} and
 * {@code drift} build their scratch database. The front end implements it, since it holds the login
 * (and, for a secret, the password the engine never sees).
 */
@FunctionalInterface
public interface ScratchServer {

  /** A DataSource for the database {@code name} on the target's server; opens nothing yet. */
  DataSource database(String name);
}
