package dev.dbmigrate.cli.config;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code dbmigrate.properties}: settings for every environment at the top, and named environments
 * as {@code env.<name>.<key>} entries that override them, like the sections of a knexfile.
 */
public final class ConfigFile {

  public static final String FILE_NAME = "dbmigrate.properties";
  private static final String ENV_PREFIX = "env.";

  private final Path path;
  private final Map<String, String> values;

  private ConfigFile(Path path, Map<String, String> values) {
    this.path = path;
    this.values = values;
  }

  public static ConfigFile none() {
    return new ConfigFile(null, Map.of());
  }

  public static ConfigFile read(Path path) {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException | IllegalArgumentException e) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION, "cannot read config file " + path + ": " + e.getMessage(), e);
    }
    Map<String, String> values = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> values.put(k.trim(), p.getProperty(k).trim()));
    for (String key : values.keySet()) {
      String setting = key.startsWith(ENV_PREFIX) ? key.substring(key.indexOf('.', 4) + 1) : key;
      if ((key.startsWith(ENV_PREFIX) && key.indexOf('.', 4) < 0)
          || !Settings.isKnownKey(setting)) {
        throw new MigrationException(
            ErrorCode.CONFIGURATION,
            "config file "
                + path
                + ": unknown setting '"
                + key
                + "'; known settings: "
                + String.join(", ", Settings.KEYS)
                + " (per environment: env.<name>.<setting>)");
      }
    }
    return new ConfigFile(path, values);
  }

  /** The file's folder, against which relative paths in it resolve; null when there is no file. */
  public Path directory() {
    return path == null ? null : path.toAbsolutePath().getParent();
  }

  public Path path() {
    return path;
  }

  /** The value for {@code key} in environment {@code env} (may be null), else the top level. */
  public String get(String env, String key) {
    if (env != null) {
      String v = values.get(ENV_PREFIX + env + "." + key);
      if (v != null) {
        return v;
      }
    }
    return values.get(key);
  }

  /** True when environment {@code env} sets {@code key} itself. */
  public boolean hasInEnvironment(String env, String key) {
    return values.containsKey(ENV_PREFIX + env + "." + key);
  }

  public Set<String> environments() {
    Set<String> envs = new TreeSet<>();
    for (String key : values.keySet()) {
      if (key.startsWith(ENV_PREFIX)) {
        envs.add(key.substring(ENV_PREFIX.length(), key.indexOf('.', ENV_PREFIX.length())));
      }
    }
    return envs;
  }
}
