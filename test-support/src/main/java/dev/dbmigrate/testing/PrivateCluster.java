package dev.dbmigrate.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster in a temp directory that requires SCRAM-SHA-256 passwords for
 * every connection. The machine's own test server uses trust authentication, which accepts any
 * password, so tests of wrong-password handling need a server of their own.
 */
final class PrivateCluster {

  /** Why no cluster could be started; the message goes into the test failure. */
  static final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
      super(message);
    }

    Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static final String SUPERUSER = "postgres";

  /** initdb and postgres refuse to run as root; as root we run them as this OS user instead. */
  static final String OS_USER = "postgres";

  private static final Path DEBIAN_VERSIONS = Path.of("/usr/lib/postgresql");
  private static final int START_ATTEMPTS = 3;

  private final Path bin;
  private final Path root;
  private final Path data;
  private final boolean viaRunuser;
  private final String password;
  private int port;
  private boolean stopped;

  private PrivateCluster(Path bin, Path root, boolean viaRunuser, String password) {
    this.bin = bin;
    this.root = root;
    this.data = root.resolve("data");
    this.viaRunuser = viaRunuser;
    this.password = password;
  }

  /** initdb + pg_ctl start; about 1-2 s, dominated by initdb (fsync is off, it is throwaway). */
  static PrivateCluster start() throws Unavailable {
    Path bin = findBinDir();
    boolean rootByName = "root".equals(System.getProperty("user.name"));
    Path root;
    boolean asRoot;
    try {
      // /tmp rather than java.io.tmpdir when root: the postgres user must be able to reach the
      // directory, and a custom tmpdir under /root would not be traversable for it.
      Path base = rootByName ? Path.of("/tmp") : Path.of(System.getProperty("java.io.tmpdir"));
      root = Files.createTempDirectory(base, "dbmigrate-pw-"); // mode 0700
      // user.name can be overridden (-Duser.name); the owner of a file we just created cannot.
      asRoot = rootByName || "root".equals(Files.getOwner(root).getName());
    } catch (IOException e) {
      throw new Unavailable("cannot create a temp directory for a private cluster: " + e, e);
    }
    PrivateCluster cluster = new PrivateCluster(bin, root, asRoot, randomPassword());
    try {
      cluster.initdb();
      cluster.startServer();
      return cluster;
    } catch (Unavailable | RuntimeException e) {
      cluster.delete();
      throw e;
    }
  }

  ServerEndpoint endpoint() {
    return new ServerEndpoint(
        "jdbc:postgresql://127.0.0.1:" + port + "/postgres",
        SUPERUSER,
        password,
        "127.0.0.1",
        port);
  }

  /** Immediate stop: nothing in a throwaway cluster is worth a checkpoint. Safe to call twice. */
  synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      run(
          Duration.ofSeconds(20),
          "pg_ctl-stop.out",
          bin.resolve("pg_ctl").toString(),
          "-D",
          data.toString(),
          "-m",
          "immediate",
          "-w",
          "stop");
    } catch (Unavailable e) {
      // Nothing to report to at JVM shutdown; deleting the directory still makes the server exit
      // soon.
    } finally {
      delete();
    }
  }

  private void initdb() throws Unavailable {
    Path pwfile = root.resolve("pwfile");
    try {
      Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
      if (viaRunuser) {
        chownToPostgres();
      }
    } catch (IOException e) {
      throw new Unavailable("cannot prepare " + root + ": " + e, e);
    }
    // -E UTF8 --locale=C: independent of whatever locales the machine has generated; --no-sync:
    // skip the fsync of a directory deleted at the end of the run.
    run(
        Duration.ofSeconds(60),
        "initdb.out",
        bin.resolve("initdb").toString(),
        "-D",
        data.toString(),
        "-U",
        SUPERUSER,
        "--auth=scram-sha-256",
        "--pwfile=" + pwfile,
        "-E",
        "UTF8",
        "--locale=C",
        "--no-sync");
    try {
      Files.deleteIfExists(pwfile);
    } catch (IOException e) {
      // harmless: it is inside the directory deleted at stop
    }
  }

  private void startServer() throws Unavailable {
    Path log = root.resolve("log");
    for (int attempt = 1; ; attempt++) {
      port = freePort();
      // The port is free now but may be taken before the postmaster binds it; that race is why
      // a bind failure is retried with another port.
      String options =
          "-p "
              + port
              + " -k '"
              + root
              + "' -c listen_addresses=127.0.0.1"
              + " -c fsync=off -c password_encryption=scram-sha-256";
      try {
        run(
            Duration.ofSeconds(40),
            "pg_ctl-start.out",
            bin.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-l",
            log.toString(),
            "-w",
            "-t",
            "30",
            "-o",
            options,
            "start");
        return;
      } catch (Unavailable e) {
        String serverLog = read(log);
        boolean portTaken = serverLog.contains("Address already in use");
        if (!portTaken || attempt == START_ATTEMPTS) {
          throw new Unavailable(e.getMessage() + "\nserver log " + log + ":\n" + serverLog, e);
        }
      }
    }
  }

  /**
   * Runs a PostgreSQL program, through {@code runuser -u postgres} when the JVM is root. Output
   * goes to a file, not a pipe: the postmaster outlives pg_ctl, and a pipe it inherited could block
   * us.
   */
  private void run(Duration timeout, String outputName, String... command) throws Unavailable {
    List<String> cmd = new ArrayList<>();
    if (viaRunuser) {
      cmd.addAll(List.of("runuser", "-u", OS_USER, "--"));
    }
    cmd.addAll(List.of(command));
    Path output = root.resolve(outputName);
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(root.toFile()) // the JVM's working directory may not be readable by postgres
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().put("LC_ALL", "C"); // English messages, which startServer() looks into
    pb.environment().remove("PGDATA");
    try {
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new Unavailable(
            String.join(" ", cmd)
                + " did not finish within "
                + timeout
                + "; output:\n"
                + read(output));
      }
      if (p.exitValue() != 0) {
        throw new Unavailable(
            String.join(" ", cmd)
                + " failed with exit code "
                + p.exitValue()
                + "; output:\n"
                + read(output));
      }
    } catch (IOException e) {
      throw new Unavailable("cannot run " + String.join(" ", cmd) + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted while running " + String.join(" ", cmd), e);
    }
  }

  private void chownToPostgres() throws IOException, Unavailable {
    UserPrincipal owner;
    try {
      owner = root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER);
    } catch (IOException e) {
      throw new Unavailable(
          "the JVM runs as root, where initdb refuses to run, and there is no OS user '"
              + OS_USER
              + "' to run it as: "
              + e,
          e);
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Files.setOwner(p, owner);
      }
    }
  }

  /**
   * {@code pg_config --bindir} when pg_config is on PATH and that directory has initdb (on Debian
   * pg_config may come from libpq-dev without a server), else the newest /usr/lib/postgresql/N/bin.
   */
  static Path findBinDir() throws Unavailable {
    Optional<Path> fromPgConfig =
        onPath("pg_config")
            .flatMap(PrivateCluster::pgConfigBindir)
            .filter(PrivateCluster::hasServerPrograms);
    if (fromPgConfig.isPresent()) {
      return fromPgConfig.get();
    }
    if (Files.isDirectory(DEBIAN_VERSIONS)) {
      try (Stream<Path> versions = Files.list(DEBIAN_VERSIONS)) {
        Optional<Path> newest =
            versions
                .filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)*"))
                .map(v -> v.resolve("bin"))
                .filter(PrivateCluster::hasServerPrograms)
                .max(
                    Comparator.comparing(
                        (Path b) -> b.getParent().getFileName().toString(),
                        PrivateCluster::compareVersions));
        if (newest.isPresent()) {
          return newest.get();
        }
      } catch (IOException | UncheckedIOException e) {
        throw new Unavailable("cannot list " + DEBIAN_VERSIONS + ": " + e, e);
      }
    }
    throw new Unavailable(
        "no PostgreSQL server programs (initdb, pg_ctl) found: pg_config is "
            + (onPath("pg_config").isPresent()
                ? "on PATH but its --bindir has no initdb"
                : "not on PATH")
            + " and "
            + DEBIAN_VERSIONS
            + "/*/bin has none");
  }

  private static boolean hasServerPrograms(Path bin) {
    return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"));
  }

  private static Optional<Path> onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Stream.of(path.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, program))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static Optional<Path> pgConfigBindir(Path pgConfig) {
    try {
      Process p =
          new ProcessBuilder(pgConfig.toString(), "--bindir")
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
        p.destroyForcibly();
        return Optional.empty();
      }
      return Optional.of(Path.of(out));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** "9.6" < "10" < "15": numeric per part, so 10 is not older than 9.6 as it would be as text. */
  private static int compareVersions(String a, String b) {
    String[] x = a.split("\\.", -1);
    String[] y = b.split("\\.", -1);
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int cmp =
          Integer.compare(
              i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
      if (cmp != 0) {
        return cmp;
      }
    }
    return 0;
  }

  private static int freePort() throws Unavailable {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new Unavailable("cannot find a free TCP port: " + e, e);
    }
  }

  /** URL-safe characters only, so it needs no escaping in a pwfile, a URL or a SQL literal. */
  private static String randomPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }

  private void delete() {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort: it is a temp directory
    }
  }
}
