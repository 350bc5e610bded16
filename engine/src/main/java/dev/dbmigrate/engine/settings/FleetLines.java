package dev.dbmigrate.engine.settings;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The fleet-file format, read the same way wherever the list lives (a file for the command line, an
 * S3 object for the Lambda function): one target per line, {@code <name> <jdbc-url or secret id>
 * [tenant schema] [setting=value ...]}; blank lines and {@code #} comments are skipped. Every line
 * is checked before any is used, so a bad one stops the whole list with {@link
 * ErrorCode#INVALID_TARGETS}, naming where it is ({@code <origin>:<line>}) and the fix.
 */
public final class FleetLines {

  public static final String FORMAT =
      "<name> <jdbc-url or secret id> [tenant schema] [setting=value ...]";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,99}");

  /** Secrets Manager's characters for a name; an ARN has its own form. */
  private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");

  private static final Pattern SECRET_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+");

  /** What a line may set besides its target and schema: how to log in, how carefully to migrate. */
  public static final List<Setting<?>> LINE_SETTINGS =
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

  /**
   * One target line, checked.
   *
   * @param number the line's number in its list, from 1
   * @param settings by settings-table key: {@code url} or {@code secret-id}, {@code tenant-schema}
   *     when the line names one, then what the line sets, as written
   */
  public record Line(String name, String origin, int number, Map<String, String> settings) {

    public Line {
      settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** A failure that names this line, as every other failure of the list does. */
    public MigrationException bad(String problem, String fix) {
      return FleetLines.bad(origin + ":" + number, problem, fix);
    }
  }

  private FleetLines() {}

  /**
   * Every target of the list, in its order.
   *
   * @param origin how messages name the list: its file, or {@code s3://bucket/key}
   */
  public static List<Line> parse(String origin, List<String> lines) {
    List<Line> targets = new ArrayList<>();
    Map<String, Integer> names = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String text = withoutComment(lines.get(i)).strip();
      if (text.isEmpty()) {
        continue;
      }
      Line line = new Fields(origin, i + 1, text.split("\\s+")).line();
      Integer before = names.putIfAbsent(line.name(), i + 1);
      if (before != null) {
        throw line.bad(
            "target name '" + line.name() + "' is already used on line " + before,
            "give every target its own name");
      }
      targets.add(line);
    }
    if (targets.isEmpty()) {
      throw new MigrationException(
          ErrorCode.INVALID_TARGETS,
          origin + " lists no targets; write one per line: " + FORMAT + " (# starts a comment)");
    }
    return List.copyOf(targets);
  }

  /**
   * Why {@code name} cannot name a target, or null when it can: letters, digits and {@code _ . @
   * -}, at most 100, starting with a letter or digit.
   */
  public static String nameProblem(String name) {
    return NAME.matcher(name).matches()
        ? null
        : "'"
            + name
            + "' is not a target name; use letters, digits and _ . @ - (at most 100), starting"
            + " with a letter or digit";
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

  private static MigrationException bad(String where, String problem, String fix) {
    return new MigrationException(ErrorCode.INVALID_TARGETS, where + ": " + problem + "; " + fix);
  }

  /** The fields of one line that names a target, with where it is for messages. */
  private static final class Fields {
    private final String origin;
    private final int number;
    private final String[] fields;

    Fields(String origin, int number, String[] fields) {
      this.origin = origin;
      this.number = number;
      this.fields = fields;
    }

    String where() {
      return origin + ":" + number;
    }

    MigrationException bad(String problem, String fix) {
      return FleetLines.bad(where(), problem, fix);
    }

    Line line() {
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
      return new Line(name, origin, number, settings);
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
      settings.put(key, checked(setting, value, key));
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
