package dev.dbmigrate.cli.config;

import java.time.Duration;

/**
 * How to reach the database, before any secret is read: each part with the rank of the source that
 * gave it, so a secret read later knows which parts it may fill in and which it must not override.
 * A part from the libpq variables (PGHOST, ...) never beats a secret named explicitly.
 *
 * @param query the URL's parameters, kept as given
 * @param secretId the Secrets Manager secret, or null
 * @param sslMode the driver's sslmode, or null for the driver's default
 * @param searchPath the schema migrations run in (a tenant's), or null for the server's default
 * @param notes which source won where the libpq variables disagree with a stronger one
 * @param scheme the URL's scheme ({@code postgresql}, {@code mysql}, {@code mariadb}); {@code
 *     postgresql} without a URL
 */
public record Connection(
    Part host,
    Part port,
    Part database,
    Part user,
    Part password,
    String query,
    Part secretId,
    String region,
    String sslMode,
    Duration connectTimeout,
    Duration loginTimeout,
    String searchPath,
    java.util.List<String> notes,
    String scheme) {

  /** Where a value came from, from strongest to weakest. */
  public enum Rank {
    DEFAULT,
    LIBPQ,
    FILE,
    ENVIRONMENT,
    FLAG
  }

  /**
   * One part of the connection.
   *
   * @param value the value; for a password given as a file, the file's path
   * @param source how the user gave it, for messages ({@code --host}, {@code PGHOST}, ...)
   * @param fromFile a password to be read from the file named by {@code value}
   */
  public record Part(String value, Rank rank, String source, boolean fromFile) {

    public static Part of(String value, Rank rank, String source) {
      return new Part(value, rank, source, false);
    }

    /** Never the value: it may be a password. */
    @Override
    public String toString() {
      return source;
    }
  }

  /** True when nothing chose the database, so it is dbmigrate's own and may be created. */
  public boolean defaultDatabase() {
    return database.rank() == Rank.DEFAULT;
  }
}
