package dev.dbmigrate.cli.fleet;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.settings.JdbcUrl;
import dev.dbmigrate.engine.settings.Setting;
import dev.dbmigrate.engine.settings.SettingsTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A fleet file: one target per line, {@code <name> <jdbc-url or secret id> [tenant schema]
 * [setting=value ...]}; blank lines and {@code #} comments are skipped. The whole file is read and
 * checked before anything runs, so a bad line stops the fleet, naming its file and line, before any
 * target is touched.
 */
public final class FleetFile {

  static final String FORMAT = "<name> <jdbc-url or secret id> [tenant schema] [setting=value ...]";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,99}");

  /** Secrets Manager's characters for a name; an ARN has its own form. */
  private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");

  private static final Pattern SECRET_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+");

  /** What a line may set besides its target and schema: how to log in, how carefully to migrate. */
  static final List<Setting<?>> LINE_SETTINGS =
      List.of(
          SettingsTable.HOST,
          SettingsTable.PORT,
          SettingsTable.DATABASE,
          SettingsTable.USER,
          SettingsTable.PASSWORD_FILE,
          SettingsTable.REGION,
          SettingsTable.SSL_MODE,
          SettingsTable.CONNECT_TIMEOUT,
          SettingsTable.LOGIN_TIMEOUT,
          SettingsTable.TABLE,
          SettingsTable.LOCK_WAIT_TIMEOUT,
          SettingsTable.LOCK_TIMEOUT,
          SettingsTable.STATEMENT_TIMEOUT,
          SettingsTable.LOCK_RETRIES,
          SettingsTable.ALLOW_OUT_OF_ORDER);

  private FleetFile() {}

  public static List<FleetTarget> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION, "cannot read the fleet file " + file + ": " + e.getMessage(), e);
    }
    return parse(file, lines);
  }

  static List<FleetTarget> parse(Path file, List<String> lines) {
    List<FleetTarget> targets = new ArrayList<>();
    Map<String, Integer> names = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String text = withoutComment(lines.get(i)).strip();
      if (text.isEmpty()) {
        continue;
      }
      Line line = new Line(file, i + 1, text);
      FleetTarget target = line.target();
      Integer before = names.putIfAbsent(target.name(), i + 1);
      if (before != null) {
        throw line.bad(
            "target name '" + target.name() + "' is already used on line " + before,
            "give every target its own name");
      }
      targets.add(target);
    }
    if (targets.isEmpty()) {
      throw new MigrationException(
          ErrorCode.INVALID_TARGETS,
          file + " lists no targets; write one per line: " + FORMAT + " (# starts a comment)");
    }
    return List.copyOf(targets);
  }

  /** {@code #} starts a comment at the start of a line or after white space. */
  private static String withoutComment(String line) {
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return line.substring(0, i);
      }
    }
    return line;
  }

  /** One line that names a target, with what it takes to say where it is wrong. */
  private static final class Line {
    private final Path file;
    private final int number;
    private final String[] fields;

    Line(Path file, int number, String text) {
      this.file = file;
      this.number = number;
      this.fields = text.split("\\s+");
    }

    String origin() {
      return file + ":" + number;
    }

    MigrationException bad(String problem, String fix) {
      return new MigrationException(
          ErrorCode.INVALID_TARGETS, origin() + ": " + problem + "; " + fix);
    }

    FleetTarget target() {
      if (fields.length < 2) {
        throw bad(
            "'" + fields[0] + "' names no database",
            "write " + FORMAT + ", e.g. acme jdbc:postgresql://db1:5432/acme");
      }
      String name = fields[0];
      if (!NAME.matcher(name).matches()) {
        throw bad(
            "'" + name + "' is not a target name",
            "use letters, digits and _ . @ - (at most 100), starting with a letter or digit");
      }
      Map<String, String> settings = new LinkedHashMap<>();
      connection(fields[1], settings);
      for (int i = 2; i < fields.length; i++) {
        String field = fields[i];
        int eq = field.indexOf('=');
        if (eq < 0) {
          if (i != 2) {
            throw bad(
                "'" + field + "' is neither the schema (the third field) nor setting=value",
                "write " + FORMAT);
          }
          settings.put(
              SettingsTable.TENANT_SCHEMA.key(),
              checked(SettingsTable.TENANT_SCHEMA, field, "the schema"));
          continue;
        }
        setting(field.substring(0, eq), field.substring(eq + 1), settings);
      }
      return new FleetTarget(name, origin(), settings);
    }

    private void connection(String given, Map<String, String> settings) {
      if (given.startsWith("jdbc:")) {
        try {
          SettingsTable.URL.parse(given, "the URL");
        } catch (MigrationException e) {
          throw bad(
              e.getMessage(),
              "write jdbc:postgresql://host:port/database, the password in password-file=<file>");
        }
        settings.put(SettingsTable.URL.key(), given);
      } else if (given.contains("://")) {
        throw bad(
            "'" + JdbcUrl.mask(given) + "' is not a JDBC URL",
            "write jdbc:postgresql://host:port/database");
      } else if (SECRET_ARN.matcher(given).matches()
          || (!given.contains(":") && SECRET_NAME.matcher(given).matches())) {
        settings.put(SettingsTable.SECRET_ID.key(), given);
      } else {
        throw bad(
            "'" + given + "' is neither a JDBC URL nor a Secrets Manager secret id",
            "write jdbc:postgresql://host:port/database, a secret's name or its ARN");
      }
    }

    private void setting(String key, String value, Map<String, String> settings) {
      if (key.equals(SettingsTable.PASSWORD.key())) {
        throw bad(
            "a password does not belong in a fleet file",
            "use password-file=<file>, a secret id, or --password-file for every target");
      }
      Setting<?> setting =
          LINE_SETTINGS.stream().filter(s -> s.key().equals(key)).findFirst().orElse(null);
      if (setting == null) {
        throw bad(
            "'" + key + "' is not a setting a target line can give",
            "those are: "
                + String.join(", ", LINE_SETTINGS.stream().map(Setting::key).toList())
                + " (the schema is the third field)");
      }
      if (settings.containsKey(key)) {
        throw bad("'" + key + "' is given twice", "keep one");
      }
      String text = checked(setting, value, key);
      if (setting == SettingsTable.PASSWORD_FILE) {
        // Relative to the fleet file, as a config file's password-file is to its folder.
        Path dir = file.toAbsolutePath().getParent();
        text = dir.resolve(text).normalize().toString();
      }
      settings.put(key, text);
    }

    private String checked(Setting<?> setting, String value, String what) {
      try {
        setting.parse(value, what);
      } catch (MigrationException e) {
        throw bad(e.getMessage(), "write " + FORMAT);
      }
      return value;
    }
  }
}
