package dev.dbmigrate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version from the jar manifest and the commit from {@code build.properties}, both written
 * there by the build, and the JDK that runs the tool.
 */
public final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = VersionProvider.class.getPackage().getImplementationVersion();
    return new String[] {
      "dbmigrate " + (version == null ? "(development build)" : version),
      "commit " + commit(),
      "Java "
          + System.getProperty("java.version")
          + " ("
          + System.getProperty("java.vm.name")
          + ", "
          + System.getProperty("java.home")
          + ")"
    };
  }

  private static String commit() {
    try (InputStream in = VersionProvider.class.getResourceAsStream("build.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties build = new Properties();
      build.load(in);
      return build.getProperty("commit", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
