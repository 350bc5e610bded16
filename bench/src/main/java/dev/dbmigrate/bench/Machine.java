package dev.dbmigrate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What a table of figures must say about where it was measured. */
final class Machine {

  private Machine() {}

  /** CPU model, cores and memory, from /proc. */
  static String describe() throws IOException {
    String cpu =
        Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
            .filter(l -> l.startsWith("model name"))
            .findFirst()
            .map(l -> l.substring(l.indexOf(':') + 1).strip())
            .orElse("unknown CPU");
    long memKb =
        Files.readAllLines(Path.of("/proc/meminfo")).stream()
            .filter(l -> l.startsWith("MemTotal:"))
            .findFirst()
            .map(l -> Long.parseLong(l.replaceAll("\\D", "")))
            .orElse(0L);
    return String.format(
        "%s, %d cores, %.0f GiB",
        cpu, Runtime.getRuntime().availableProcessors(), memKb / 1024.0 / 1024.0);
  }

  /** The 1, 5 and 15 minute load averages, as uptime prints them. */
  static String loadAverage() throws IOException {
    // "0.52 0.58 0.59 1/467 12345": the first three fields.
    return String.join(
        ", ",
        List.of(Files.readString(Path.of("/proc/loadavg")).strip().split(" ", 4)).subList(0, 3));
  }

  static String postgresVersion(String url, String user, String password) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("show server_version")) {
      rs.next();
      return rs.getString(1).replaceAll(" .*", "");
    }
  }

  static String nodeVersion() throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of("node", "--version")).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return "unknown";
    }
    return out.replaceFirst("^v", "");
  }
}
