package dev.dbmigrate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What the build wrote into {@code build.properties}: the version and the commit the tool was built
 * from. Read from the class path, so a test run from the class folders sees them too.
 */
public record BuildInfo(String version, String commit) {

  private static final String UNKNOWN = "unknown";

  public static BuildInfo read() {
    Properties build = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
      if (in != null) {
        build.load(in);
      }
    } catch (IOException e) {
      // Only for display: a tool without its build information still runs.
    }
    return new BuildInfo(
        build.getProperty("version", UNKNOWN), build.getProperty("commit", UNKNOWN));
  }
}
