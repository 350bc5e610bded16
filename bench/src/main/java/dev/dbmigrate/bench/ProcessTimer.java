package dev.dbmigrate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command as a whole process and measures it: wall time from start to exit, and peak
 * resident memory as GNU time reports it (the kernel's maximum RSS of the child).
 */
final class ProcessTimer {

  /** One run: seconds, peak RSS in MB (or -1 when unknown), exit code and output. */
  record Sample(double seconds, double peakMb, int exit, String output) {}

  private static final Path GNU_TIME = Path.of("/usr/bin/time");

  private ProcessTimer() {}

  static Sample run(List<String> command, Map<String, String> env, Path workingDir)
      throws IOException {
    Path rss = Files.createTempFile("bench-rss", ".txt");
    Path log = Files.createTempFile("bench-out", ".txt");
    List<String> full = new ArrayList<>();
    boolean measureMemory = Files.isExecutable(GNU_TIME);
    if (measureMemory) {
      full.addAll(List.of(GNU_TIME.toString(), "-f", "%M", "-o", rss.toString()));
    }
    full.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(full).directory(workingDir.toFile());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    long start = System.nanoTime();
    Process p = pb.start();
    try {
      if (!p.waitFor(30, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException("timed out: " + command);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted", e);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double peakMb = -1;
    if (measureMemory) {
      String kb = Files.readString(rss, StandardCharsets.UTF_8).strip();
      String last = kb.lines().reduce((a, b) -> b).orElse("");
      peakMb = last.matches("\\d+") ? Long.parseLong(last) / 1024.0 : -1;
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.deleteIfExists(rss);
    Files.deleteIfExists(log);
    return new Sample(seconds, peakMb, p.exitValue(), output);
  }
}
