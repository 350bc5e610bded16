package dev.dbmigrate.cli.commands;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** Who and where this run is, for the history table and pg_stat_activity. */
final class Host {

  private Host() {}

  static String appliedBy() {
    return System.getProperty("user.name", "unknown") + "@" + name();
  }

  /**
   * The host name, read without a DNS lookup where the system allows: a misconfigured resolver can
   * make InetAddress.getLocalHost() take seconds.
   */
  static String name() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env.strip();
    }
    try {
      Path kernel = Path.of("/proc/sys/kernel/hostname");
      if (Files.isReadable(kernel)) {
        return Files.readString(kernel).strip();
      }
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }
}
