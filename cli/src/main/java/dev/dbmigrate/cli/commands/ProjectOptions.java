package dev.dbmigrate.cli.commands;

import java.util.Map;
import picocli.CommandLine.Option;

/** Where the project's configuration and migrations are; mixed into every command. */
public final class ProjectOptions {

  @Option(
      names = "--config",
      paramLabel = "<file>",
      description =
          "Config file (default: dbmigrate.properties in this folder or a parent; env DBMIGRATE_CONFIG).")
  String config;

  @Option(
      names = {"-e", "--env"},
      paramLabel = "<name>",
      description = "Named environment from the config file (env DBMIGRATE_ENV).")
  String env;

  @Option(
      names = "--migrations-dir",
      paramLabel = "<dir>",
      description =
          "Source folder of the migrations (default: migrations/src/main/java of the project).")
  String migrationsDir;

  @Option(
      names = "--migrations-package",
      paramLabel = "<package>",
      description = "Java package that 'make' writes new migrations to (default: db.migration).")
  String migrationsPackage;

  void addTo(Map<String, String> flags) {
    put(flags, "config", config);
    put(flags, "env", env);
    put(flags, "migrations-dir", migrationsDir);
    put(flags, "migrations-package", migrationsPackage);
  }

  static void put(Map<String, String> flags, String key, Object value) {
    if (value != null) {
      flags.put(key, value.toString());
    }
  }
}
