package dev.dbmigrate.bench;

import dev.dbmigrate.testing.ScramServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whole-process benchmarks of the dbmigrate CLI on the common paths, each reported as the median of
 * several runs and as a ratio to the floor (the same SQL sent by psql) measured in the same run,
 * because absolute times on a shared machine drift. Run it with bench/run.
 */
public final class Harness {

  private final Path home;
  private final int runs;

  /** Where bench/run installed knex (its node_modules), or null to leave knex out. */
  private final Path knex;

  private final Map<Integer, Map<String, Result>> table = new LinkedHashMap<>();

  /** Median time and the highest peak memory over the runs of one workload. */
  record Result(double seconds, double peakMb) {}

  private Harness(Path home, int runs, Path knex) {
    this.home = home;
    this.runs = runs;
    this.knex = knex;
  }

  public static void main(String[] args) throws Exception {
    Path home = Path.of(arg(args, "--home", ".")).toAbsolutePath().normalize();
    int runs = Integer.parseInt(arg(args, "--runs", "5"));
    int[] sizes =
        Arrays.stream(arg(args, "--n", "200,1000").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    boolean scram = !Arrays.asList(args).contains("--no-scram");
    Workspace.asyncCommit = Arrays.asList(args).contains("--async-commit");
    String knexDir = arg(args, "--knex", "");
    Harness h =
        new Harness(home, runs, knexDir.isEmpty() ? null : Path.of(knexDir).toAbsolutePath());
    String header = header(runs, h.knexVersion());
    System.out.println(header);
    for (int n : sizes) {
      h.measure(n);
    }
    h.printTable(sizes);
    if (h.knex != null) {
      PeerTable.print(
          System.out,
          header,
          sizes[sizes.length - 1],
          h.table.get(sizes[sizes.length - 1]),
          h.knexVersion(),
          runs);
    }
    if (scram) {
      h.measureScram(sizes[sizes.length - 1]);
    }
  }

  private void measure(int n) throws Exception {
    Workspace ws = workspace(n, Workspace.Kind.JAVA);
    Map<String, Result> row = new LinkedHashMap<>();
    System.out.printf("N=%d: measuring ...%n", n);

    ws.recreate(false);
    row.put("compile", median(1, () -> {}, () -> cli(ws, "status")));

    // The same N changes as SQL migration files and as knex migrations, timed in the same turns
    // against the same floor, so that every ratio compares runs of the same minutes.
    Workspace sqlWs = workspace(n, Workspace.Kind.SQL);
    Workspace knexWs = knex == null ? null : workspace(n, Workspace.Kind.KNEX);
    List<Workload> applies = new ArrayList<>();
    applies.add(new Workload(() -> ws.recreate(true), () -> psql(ws)));
    applies.add(new Workload(() -> ws.recreate(false), () -> cli(ws, "latest")));
    applies.add(new Workload(() -> sqlWs.recreate(false), () -> cli(sqlWs, "latest")));
    if (knexWs != null) {
      applies.add(new Workload(() -> knexWs.recreate(false), () -> knex(knexWs, "migrate:latest")));
    }
    Result[] applied = inTurns(runs, applies.toArray(Workload[]::new));
    row.put("floor", applied[0]);
    row.put("apply", applied[1]);
    row.put("sqlapply", applied[2]);
    check(ws.applied() == n, "apply-all left " + ws.applied() + " of " + n);
    check(sqlWs.applied() == n, "SQL apply-all left " + sqlWs.applied() + " of " + n);
    sqlWs.drop();
    List<Workload> noops = new ArrayList<>();
    noops.add(new Workload(() -> {}, () -> cli(ws, "latest")));
    noops.add(new Workload(() -> {}, () -> cli(ws, "status")));
    if (knexWs != null) {
      row.put("knexapply", applied[3]);
      check(knexWs.applied() == n, "knex apply-all left " + knexWs.applied() + " of " + n);
      noops.add(new Workload(() -> {}, () -> knex(knexWs, "migrate:latest")));
      noops.add(new Workload(() -> {}, () -> knex(knexWs, "migrate:status")));
    }
    Result[] noop = inTurns(runs, noops.toArray(Workload[]::new));
    row.put("noop", noop[0]);
    row.put("status", noop[1]);
    if (knexWs != null) {
      row.put("knexnoop", noop[2]);
      row.put("knexstatus", noop[3]);
      knexWs.drop();
    }
    row.put("rollback", median(runs, () -> cli(ws, "latest"), () -> cli(ws, "rollback", "--all")));
    check(ws.applied() == 0, "rollback --all left " + ws.applied());
    cli(ws, "latest");

    List<ProcessTimer.Sample> makes = new ArrayList<>();
    int[] k = {0};
    row.put(
        "edit",
        median(
            runs, () -> makes.add(cli(ws, "make", "EditLoop" + ++k[0])), () -> cli(ws, "latest")));
    row.put(
        "make",
        new Result(
            median(makes.stream().mapToDouble(ProcessTimer.Sample::seconds).toArray()),
            makes.stream().mapToDouble(ProcessTimer.Sample::peakMb).max().orElse(-1)));
    check(ws.applied() == n + runs, "edit loop applied " + ws.applied());
    table.put(n, row);
    ws.drop();
  }

  private Workspace workspace(int n, Workspace.Kind kind) throws IOException {
    Workspace ws =
        new Workspace(
            n,
            "127.0.0.1",
            5432,
            env("DBMIGRATE_BENCH_USER", "postgres"),
            System.getenv("DBMIGRATE_BENCH_PASSWORD"),
            Files.createTempDirectory("dbmigrate-bench-" + kind.name().toLowerCase(Locale.ROOT)),
            kind);
    ws.generate();
    if (kind == Workspace.Kind.KNEX) {
      // A knex project: its node_modules next to its knexfile, where knex's CLI looks for knex.
      Files.createSymbolicLink(
          ws.knexfile.resolveSibling("node_modules"), knex.resolve("node_modules"));
    }
    return ws;
  }

  private void measureScram(int n) throws Exception {
    System.out.printf("%nSCRAM-SHA-256 authentication (private cluster), N=%d:%n", n);
    try (ScramServer server = ScramServer.start()) {
      String port = server.url("x").replaceAll(".*:(\\d+)/.*", "$1");
      Path dir = Files.createTempDirectory("dbmigrate-bench-scram");
      Workspace ws =
          new Workspace(
              n, "127.0.0.1", Integer.parseInt(port), server.user(), server.password(), dir);
      ws.generate();
      ws.recreate(false);
      cli(ws, "latest");
      Result plain = median(runs, () -> {}, () -> jdbcBaseline(ws));
      Result tuned =
          median(
              runs,
              () -> {},
              () -> jdbcBaseline(ws, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
      Result noop = median(runs, () -> {}, () -> cli(ws, "latest"));
      Result status = median(runs, () -> {}, () -> cli(ws, "status"));
      System.out.printf(
          "  %-52s %7.3f s  %6.0f MB%n",
          "plain JDBC program: connect, one query (default JVM flags)",
          plain.seconds,
          plain.peakMb);
      System.out.printf(
          "  %-52s %7.3f s  %6.0f MB%n",
          "plain JDBC program, launcher's JVM flags", tuned.seconds, tuned.peakMb);
      System.out.printf(
          "  %-52s %7.3f s  %6.0f MB  (%+.3f s vs plain JDBC)%n",
          "latest, nothing pending", noop.seconds, noop.peakMb, noop.seconds - plain.seconds);
      System.out.printf(
          "  %-52s %7.3f s  %6.0f MB  (%+.3f s vs plain JDBC)%n",
          "status", status.seconds, status.peakMb, status.seconds - plain.seconds);
      ws.drop();
    }
  }

  private ProcessTimer.Sample cli(Workspace ws, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin/dbmigrate").toString());
    command.addAll(List.of(args));
    Map<String, String> env = new HashMap<>();
    env.put("DBMIGRATE_URL", ws.url(ws.database));
    env.put("DBMIGRATE_USER", ws.user);
    if (ws.password != null) {
      env.put("DBMIGRATE_PASSWORD", ws.password);
    }
    env.put("DBMIGRATE_MIGRATIONS_DIR", ws.migrations.toString());
    env.put("DBMIGRATE_CACHE_DIR", ws.cache.toString());
    ProcessTimer.Sample s = ProcessTimer.run(command, env, home);
    check(
        s.exit() == 0,
        "dbmigrate " + String.join(" ", args) + " exited " + s.exit() + ":\n" + s.output());
    return s;
  }

  /** knex's own command line, run by node as {@code npx knex} would run it, without npx's start. */
  private ProcessTimer.Sample knex(Workspace ws, String command) throws IOException {
    ProcessTimer.Sample s =
        ProcessTimer.run(
            List.of(
                "node",
                knex.resolve("node_modules/knex/bin/cli.js").toString(),
                "--knexfile",
                ws.knexfile.toString(),
                command),
            Map.of(),
            ws.knexfile.getParent());
    check(s.exit() == 0, "knex " + command + " exited " + s.exit() + ":\n" + s.output());
    return s;
  }

  private ProcessTimer.Sample psql(Workspace ws) throws IOException {
    ProcessTimer.Sample s =
        ProcessTimer.run(
            List.of(
                "psql",
                "-X",
                "-q",
                "-h",
                ws.host,
                "-p",
                String.valueOf(ws.port),
                "-U",
                ws.user,
                "-d",
                ws.database,
                "-f",
                ws.floorScript.toString()),
            Map.of(),
            home);
    check(s.exit() == 0, "psql exited " + s.exit() + ":\n" + s.output());
    return s;
  }

  /** The plain JDBC program (connect, one query) in a JVM of its own, with {@code jvmFlags}. */
  private ProcessTimer.Sample jdbcBaseline(Workspace ws, String... jvmFlags) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmFlags));
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            JdbcBaseline.class.getName(),
            ws.url(ws.database),
            ws.user,
            ws.password));
    return ProcessTimer.run(command, Map.of(), home);
  }

  interface Step {
    Object run() throws Exception;
  }

  interface Setup {
    void run() throws Exception;
  }

  private static Result median(int runs, Setup setup, Step timed) throws Exception {
    return inTurns(runs, new Workload(setup, timed))[0];
  }

  /** What is timed, and what is done untimed before each run of it. */
  record Workload(Setup setup, Step timed) {}

  /**
   * Each workload's median and peak, the workloads measured in turns (a, b, a, b, ...), so that the
   * machine's drift over the minutes of a run (the disk's flush times vary most) reaches all of
   * them alike and their ratios stay fair.
   */
  private static Result[] inTurns(int runs, Workload... workloads) throws Exception {
    double[][] times = new double[workloads.length][runs];
    double[] peaks = new double[workloads.length];
    Arrays.fill(peaks, -1);
    for (int i = 0; i < runs; i++) {
      for (int w = 0; w < workloads.length; w++) {
        workloads[w].setup().run();
        ProcessTimer.Sample s = (ProcessTimer.Sample) workloads[w].timed().run();
        times[w][i] = s.seconds();
        peaks[w] = Math.max(peaks[w], s.peakMb());
      }
    }
    Result[] results = new Result[workloads.length];
    for (int w = 0; w < workloads.length; w++) {
      results[w] = new Result(median(times[w]), peaks[w]);
    }
    return results;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int m = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  }

  private void printTable(int[] sizes) {
    String[][] rows = {
      {"floor", "6 floor: psql, N x (create table + history insert), 1 tx each"},
      {"apply", "1 latest: apply all N pending (empty database)"},
      {"sqlapply", "1s latest: the same N as .up.sql files (empty database)"},
      {"noop", "2 latest: nothing pending, N applied"},
      {"status", "3 status: N applied"},
      {"rollback", "4 rollback --all: N applied"},
      {"make", "5 make: write one new migration"},
      {"edit", "5 latest: compile and apply that one, N applied"},
      {"compile", "  first run: compile N sources (cold cache), status"},
    };
    System.out.println();
    StringBuilder head =
        new StringBuilder(String.format("%-64s", "workload (median of " + runs + ")"));
    for (int n : sizes) {
      head.append(String.format(" | %-26s", "N=" + n + ": time  x floor  peak"));
    }
    System.out.println(head);
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder(String.format("%-64s", r[1]));
      for (int n : sizes) {
        Result res = table.get(n).get(r[0]);
        double floor = table.get(n).get("floor").seconds;
        line.append(
            String.format(
                " | %7.3f s %6.2f %6s",
                res.seconds,
                res.seconds / floor,
                res.peakMb < 0 ? "n/a" : String.format("%.0fMB", res.peakMb)));
      }
      System.out.println(line);
    }
    if (sizes.length > 1) {
      int a = sizes[0];
      int b = sizes[sizes.length - 1];
      System.out.printf(
          "%nGrowth N=%d -> N=%d (%.1fx more migrations): apply %.2fx, rollback %.2fx, status %.2fx, no-op latest %.2fx%n",
          a,
          b,
          (double) b / a,
          ratio(b, a, "apply"),
          ratio(b, a, "rollback"),
          ratio(b, a, "status"),
          ratio(b, a, "noop"));
    }
  }

  private double ratio(int b, int a, String key) {
    return table.get(b).get(key).seconds / table.get(a).get(key).seconds;
  }

  /** The date, the machine, the JVM, the server, node and knex, and the load when it started. */
  private static String header(int runs, String knexVersion) throws Exception {
    return "dbmigrate benchmarks, "
        + ZonedDateTime.now(ZoneOffset.UTC)
            .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))
        + "\nmachine: "
        + Machine.describe()
        + "\nJava "
        + System.getProperty("java.version")
        + " ("
        + System.getProperty("java.vm.vendor")
        + "), PostgreSQL "
        + Machine.postgresVersion(
            "jdbc:postgresql://127.0.0.1:5432/postgres",
            env("DBMIGRATE_BENCH_USER", "postgres"),
            System.getenv("DBMIGRATE_BENCH_PASSWORD"))
        + " on 127.0.0.1:5432"
        + (Workspace.asyncCommit ? " (synchronous_commit off)" : "")
        + (knexVersion == null ? "" : ", node " + Machine.nodeVersion() + ", knex " + knexVersion)
        + "; median of "
        + runs
        + " runs; load average at start "
        + Machine.loadAverage();
  }

  /** The installed knex's version, from its package.json; null without knex. */
  private String knexVersion() throws IOException {
    if (knex == null) {
      return null;
    }
    String pkg = Files.readString(knex.resolve("node_modules/knex/package.json"));
    Matcher m = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(pkg);
    return m.find() ? m.group(1) : "unknown";
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException(message);
    }
  }

  private static String arg(String[] args, String name, String def) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return def;
  }

  private static String env(String name, String def) {
    String v = System.getenv(name);
    return v == null ? def : v;
  }
}
