package dev.dbmigrate.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the round trips of one {@code latest} that applies N migrations: a TCP relay between
 * {@code bin/dbmigrate} and the PostgreSQL server counts, per client connection, the turns (each
 * time the client sends after the server has answered) and the bytes each way. Unlike a timing, the
 * count does not move with the machine's load, so it shows what a change to the run path saves on a
 * shared machine. The psql floor sends four statements per migration ({@code begin}, the change,
 * the history row, {@code commit}), one turn each.
 *
 * <pre>
 *   java -cp bench/target/classes:bench/target/lib/* dev.dbmigrate.bench.RoundTrips \
 *       --home . [--n 1000] [--kind sql|java]
 * </pre>
 */
public final class RoundTrips {

  private RoundTrips() {}

  /** What one client connection sent and received, counted by its relay threads. */
  private static final class Counts {
    final AtomicLong turns = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong received = new AtomicLong();

    /** True while the last bytes seen came from the server: the client's next bytes are a turn. */
    final AtomicBoolean serverSpoke = new AtomicBoolean(true);
  }

  public static void main(String[] args) throws Exception {
    Path home = Path.of(".");
    int n = 1000;
    Workspace.Kind kind = Workspace.Kind.SQL;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--home" -> home = Path.of(args[++i]);
        case "--n" -> n = Integer.parseInt(args[++i]);
        case "--kind" -> kind = Workspace.Kind.valueOf(args[++i].toUpperCase(Locale.ROOT));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    String user = System.getenv().getOrDefault("DBMIGRATE_BENCH_USER", "postgres");
    String password = System.getenv("DBMIGRATE_BENCH_PASSWORD");
    Workspace ws =
        new Workspace(
            n,
            "127.0.0.1",
            5432,
            user,
            password,
            Files.createTempDirectory("dbmigrate-roundtrips"),
            kind);
    ws.generate();
    ws.recreate(false);
    List<Counts> connections = new ArrayList<>();
    try (ServerSocket relay = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> accept(relay, ws, connections), "relay-accept");
      acceptor.setDaemon(true);
      acceptor.start();
      Map<String, String> env = new HashMap<>();
      env.put(
          "DBMIGRATE_URL",
          "jdbc:postgresql://127.0.0.1:" + relay.getLocalPort() + "/" + ws.database);
      env.put("DBMIGRATE_USER", user);
      if (password != null) {
        env.put("DBMIGRATE_PASSWORD", password);
      }
      env.put("DBMIGRATE_MIGRATIONS_DIR", ws.migrations.toString());
      env.put("DBMIGRATE_CACHE_DIR", ws.cache.toString());
      ProcessTimer.Sample s =
          ProcessTimer.run(List.of(home.resolve("bin/dbmigrate").toString(), "latest"), env, home);
      if (s.exit() != 0) {
        throw new IllegalStateException("dbmigrate latest exited " + s.exit() + ":\n" + s.output());
      }
    }
    if (ws.applied() != n) {
      throw new IllegalStateException("latest left " + ws.applied() + " of " + n);
    }
    long total = 0;
    System.out.printf("round trips of latest applying %d %s migrations:%n", n, kind);
    synchronized (connections) {
      for (int i = 0; i < connections.size(); i++) {
        Counts c = connections.get(i);
        total += c.turns.get();
        System.out.printf(
            "  connection %d: %6d turns, %9d bytes sent, %9d received%n",
            i + 1, c.turns.get(), c.sent.get(), c.received.get());
      }
    }
    System.out.printf("  in all: %d turns, %.2f a migration%n", total, (double) total / n);
    ws.drop();
  }

  private static void accept(ServerSocket relay, Workspace ws, List<Counts> connections) {
    while (!relay.isClosed()) {
      try {
        Socket client = relay.accept();
        Socket server = new Socket(ws.host, ws.port);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        Counts counts = new Counts();
        synchronized (connections) {
          connections.add(counts);
        }
        pump(client, server, counts, true);
        pump(server, client, counts, false);
      } catch (IOException e) {
        return; // the relay closed
      }
    }
  }

  /** Copies {@code from} to {@code to} on a thread of its own, counting as it goes. */
  private static void pump(Socket from, Socket to, Counts counts, boolean fromClient) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[65536];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int read; (read = in.read(buffer)) > 0; ) {
                  if (fromClient) {
                    if (counts.serverSpoke.getAndSet(false)) {
                      counts.turns.incrementAndGet();
                    }
                    counts.sent.addAndGet(read);
                  } else {
                    counts.serverSpoke.set(true);
                    counts.received.addAndGet(read);
                  }
                  out.write(buffer, 0, read);
                  out.flush();
                }
              } catch (IOException e) {
                // One side closed: the connection is over.
              } finally {
                try {
                  to.close();
                  from.close();
                } catch (IOException ignored) {
                  // Already closed.
                }
              }
            },
            "relay");
    t.setDaemon(true);
    t.start();
  }
}
