package dev.dbmigrate.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The migration function under the real Lambda runtime interface client (the JVM the managed Java
 * runtime starts: the client's main class, the handler string, the function jar on the class path),
 * served by {@link RuntimeApi} on this machine. Measures the cold start (process start to the first
 * reply, and to the runtime's first request for an event) and warm invocations, all with nothing
 * pending. Arguments: --function-jar, --runtime-classpath (a file holding the client's class path),
 * --runs (cold starts), --warm (warm invocations per start).
 */
public final class LambdaBench {

  static final String MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
  static final String HANDLER = "dev.dbmigrate.lambda.MigrationHandler::handleRequest";
  private static final String LATEST = "{\"command\":\"latest\"}";
  private static final String STATUS = "{\"command\":\"status\"}";

  private LambdaBench() {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(arg(args, "--function-jar")).toAbsolutePath();
    List<String> classpath = new ArrayList<>();
    classpath.add(jar.toString());
    classpath.addAll(
        Arrays.asList(
            Files.readString(Path.of(arg(args, "--runtime-classpath")))
                .strip()
                .split(File.pathSeparator)));
    int runs = Integer.parseInt(argOr(args, "--runs", "5"));
    int warm = Integer.parseInt(argOr(args, "--warm", "20"));
    String user = System.getenv().getOrDefault("DBMIGRATE_BENCH_USER", "postgres");
    String password = System.getenv("DBMIGRATE_BENCH_PASSWORD");
    String db = "dbm_bench_lambda";
    admin(user, password, "drop database if exists " + db + " with (force)");
    admin(user, password, "create database " + db);
    Path taskRoot = Files.createTempDirectory("dbmigrate-bench-lambda");
    Map<String, String> env =
        Map.of(
            "DBMIGRATE_URL",
            "jdbc:postgresql://127.0.0.1:5432/" + db,
            "DBMIGRATE_USER",
            user,
            "DBMIGRATE_PASSWORD",
            password == null ? "" : password,
            "DBMIGRATE_SSLMODE",
            "disable");
    double[] cold = new double[runs];
    double[] init = new double[runs];
    double[] first = new double[runs];
    List<Double> warmLatest = new ArrayList<>();
    List<Double> warmStatus = new ArrayList<>();
    long peakKb = 0;
    try {
      // The first start applies the packaged migrations, so every timed invocation has none
      // pending.
      // A Runtime API of its own for each JVM: a killed runtime's pending request for the next
      // event must not take the next JVM's.
      try (RuntimeApi api = new RuntimeApi();
          Function f = Function.start(classpath, taskRoot, env, api)) {
        check(api.invoke(LATEST, 120), "the first latest (pid " + f.pid() + ")");
      }
      for (int r = 0; r < runs; r++) {
        try (RuntimeApi api = new RuntimeApi()) {
          long start = System.nanoTime();
          try (Function f = Function.start(classpath, taskRoot, env, api)) {
            RuntimeApi.Timed t = api.invoke(LATEST, 120);
            check(t, "a cold latest");
            cold[r] = (t.answered() - start) / 1e6;
            init[r] = (api.firstNext() - start) / 1e6;
            first[r] = t.millis();
            for (int i = 0; i < warm; i++) {
              RuntimeApi.Timed l = api.invoke(LATEST, 60);
              check(l, "a warm latest");
              warmLatest.add(l.millis());
              RuntimeApi.Timed s = api.invoke(STATUS, 60);
              check(s, "a warm status");
              warmStatus.add(s.millis());
            }
            peakKb = Math.max(peakKb, f.peakKb());
          }
        }
      }
    } finally {
      admin(user, password, "drop database if exists " + db + " with (force)");
    }
    System.out.printf(
        "%nLambda function under the runtime interface client (%s), Java %s, %d cold starts, %d"
            + " warm invocations each; load average %s:%n",
        MAIN.substring(MAIN.lastIndexOf('.') + 1),
        System.getProperty("java.version"),
        runs,
        warm,
        Machine.loadAverage());
    System.out.printf(
        "| function, nothing pending | median | target |%n|---|---|---|%n"
            + "| cold start: JVM start to the first reply (`latest`) | %.0f ms | |%n"
            + "| of which the runtime's start and the handler's constructor | %.0f ms | |%n"
            + "| of which the first invocation | %.0f ms | |%n"
            + "| warm `latest` | %.1f ms (p90 %.1f ms) | under 100 ms |%n"
            + "| warm `status` | %.1f ms (p90 %.1f ms) | |%n"
            + "| peak memory (RSS) | %.0f MB | |%n",
        Harness.median(cold),
        Harness.median(init),
        Harness.median(first),
        Harness.median(toArray(warmLatest)),
        percentile(warmLatest, 0.9),
        Harness.median(toArray(warmStatus)),
        percentile(warmStatus, 0.9),
        peakKb / 1024.0);
  }

  /** The function's JVM, started as the managed Java runtime starts it. */
  private static final class Function implements AutoCloseable {
    private final Process process;

    private Function(Process process) {
      this.process = process;
    }

    static Function start(
        List<String> classpath, Path taskRoot, Map<String, String> env, RuntimeApi api)
        throws IOException {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      // The managed runtime's flags (tiered compilation stopped at C1, the serial collector).
      command.addAll(
          List.of(
              "-XX:+TieredCompilation",
              "-XX:TieredStopAtLevel=1",
              "-XX:+UseSerialGC",
              "-Xshare:auto",
              "-Xmx512m",
              "-cp",
              String.join(File.pathSeparator, classpath),
              MAIN,
              HANDLER));
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .directory(taskRoot.toFile())
              .redirectErrorStream(true)
              .redirectOutput(taskRoot.resolve("function.log").toFile());
      Map<String, String> e = pb.environment();
      e.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("DBMIGRATE_"));
      e.putAll(env);
      e.put("AWS_LAMBDA_RUNTIME_API", api.address());
      e.put("LAMBDA_TASK_ROOT", taskRoot.toString());
      e.put("_HANDLER", HANDLER);
      e.put("AWS_LAMBDA_FUNCTION_NAME", "dbmigrate");
      e.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
      e.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
      e.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/dbmigrate");
      e.put("AWS_LAMBDA_LOG_STREAM_NAME", "bench");
      e.put("AWS_REGION", "us-east-1");
      return new Function(pb.start());
    }

    long pid() {
      return process.pid();
    }

    /** The kernel's high-water mark of the JVM's resident memory, in kB. */
    long peakKb() throws IOException {
      for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
      return 0;
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void check(RuntimeApi.Timed t, String what) {
    if (!t.kind().equals("response") || !t.body().contains("\"success\":true")) {
      throw new IllegalStateException(what + " failed: " + t.kind() + " " + t.body());
    }
  }

  private static void admin(String user, String password, String sql) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/postgres", user, password);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static double[] toArray(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double percentile(List<Double> values, double p) {
    double[] sorted = toArray(values);
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static String arg(String[] args, String name) {
    String v = argOr(args, name, null);
    if (v == null) {
      throw new IllegalArgumentException("missing " + name);
    }
    return v;
  }

  private static String argOr(String[] args, String name, String def) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return def;
  }
}
