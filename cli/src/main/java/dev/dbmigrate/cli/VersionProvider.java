package dev.dbmigrate.cli;

import picocli.CommandLine.IVersionProvider;

/** The version and the commit the build recorded, and the JDK that runs the tool. */
public final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    BuildInfo build = BuildInfo.read();
    return new String[] {
      "dbmigrate " + build.version(),
      "commit " + build.commit(),
      "Java "
          + System.getProperty("java.version")
          + " ("
          + System.getProperty("java.vm.name")
          + ", "
          + System.getProperty("java.home")
          + ")"
    };
  }
}
