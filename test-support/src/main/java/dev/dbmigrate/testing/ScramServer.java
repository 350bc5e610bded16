package dev.dbmigrate.testing;

/**
 * A throwaway PostgreSQL server that checks passwords with SCRAM-SHA-256, for programs outside
 * JUnit (the benchmarks measure authentication cost with it). Stops and deletes itself on close.
 */
public final class ScramServer implements AutoCloseable {

  private final PrivateCluster cluster;

  private ScramServer(PrivateCluster cluster) {
    this.cluster = cluster;
  }

  /** Starts a private cluster from the local PostgreSQL binaries (initdb, pg_ctl). */
  public static ScramServer start() {
    try {
      return new ScramServer(PrivateCluster.start());
    } catch (PrivateCluster.Unavailable e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** JDBC URL of database {@code name} on this server. */
  public String url(String name) {
    return "jdbc:postgresql://127.0.0.1:" + cluster.endpoint().port() + "/" + name;
  }

  public String user() {
    return cluster.endpoint().user();
  }

  public String password() {
    return cluster.endpoint().password();
  }

  @Override
  public void close() {
    cluster.stop();
  }
}
