package dev.dbmigrate.cdk.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Tool versions pinned in the root pom and filtered into this module's resources at build time, so
 * the pipeline installs the same CDK CLI the project was tested with.
 */
final class ToolVersions {

  /** The CDK CLI (npm package aws-cdk), root pom property {@code aws-cdk-cli.version}. */
  static final String CDK_CLI = load().getProperty("aws-cdk-cli");

  private ToolVersions() {}

  private static Properties load() {
    var properties = new Properties();
    try (InputStream in = ToolVersions.class.getResourceAsStream("tool-versions.properties")) {
      if (in == null) {
        throw new IllegalStateException("tool-versions.properties is missing from the cdk jar");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
