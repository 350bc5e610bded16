package dev.dbmigrate.engine.settings;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parsers of the settings table: one of each kind, shared by every front end. */
public final class Parsers {

  /** PostgreSQL keeps its timeouts in milliseconds as a 32-bit integer. */
  static final long MAX_DURATION_MS = Integer.MAX_VALUE;

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
  private static final Pattern PACKAGE =
      Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");

  public static final List<String> SSL_MODES =
      List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  private Parsers() {}

  public static final Parser<String> TEXT = text -> text;

  /** A password: never repeated in a message. */
  public static final Parser<String> SECRET =
      new Parser<>() {
        @Override
        public String parse(String text) {
          return text;
        }

        @Override
        public boolean secret() {
          return true;
        }
      };

  /** {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h} or plain seconds. */
  public static final Parser<Duration> DURATION_PARSER = Parsers::duration;

  public static final Parser<Integer> PORT =
      text -> {
        int port = whole(text, "is not a TCP port (1-65535)");
        if (port < 1 || port > 65535) {
          throw new Parser.BadValue("is not a TCP port (1-65535)");
        }
        return port;
      };

  public static final Parser<Integer> COUNT =
      text -> whole(text, "is not a whole number of 0 or more");

  public static final Parser<Boolean> BOOLEAN =
      text -> {
        if (text.equalsIgnoreCase("true")) {
          return true;
        }
        if (text.equalsIgnoreCase("false")) {
          return false;
        }
        throw new Parser.BadValue("is not true or false");
      };

  public static final Parser<String> IDENTIFIER_PARSER =
      text -> {
        if (!IDENTIFIER.matcher(text).matches()) {
          throw new Parser.BadValue(
              "is not a plain SQL identifier (letters, digits, underscore; at most 63 characters)");
        }
        return text;
      };

  public static final Parser<String> JAVA_PACKAGE =
      text -> {
        if (!PACKAGE.matcher(text).matches()) {
          throw new Parser.BadValue("is not a Java package name");
        }
        return text;
      };

  public static final Parser<String> SSL_MODE =
      text -> {
        if (!SSL_MODES.contains(text)) {
          throw new Parser.BadValue(
              "is not an sslmode; use one of " + String.join(", ", SSL_MODES));
        }
        return text;
      };

  /** A PostgreSQL JDBC URL without credentials in it (see {@link JdbcUrl}). */
  public static final Parser<String> JDBC_URL =
      text -> {
        String problem = JdbcUrl.problem(text);
        if (problem != null) {
          throw new Parser.BadValue(problem);
        }
        return text;
      };

  private static Duration duration(String text) throws Parser.BadValue {
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new Parser.BadValue("is not a duration; write e.g. 500ms, 5s, 2m or 1h");
    }
    String unit = m.group(2) == null ? "s" : m.group(2);
    long perUnit =
        switch (unit) {
          case "ms" -> 1;
          case "m" -> 60_000;
          case "h" -> 3_600_000;
          default -> 1000;
        };
    // Digits beyond what a long holds, or a value PostgreSQL cannot take, are the user's to fix.
    if (m.group(1).length() > 12 || Long.parseLong(m.group(1)) * perUnit > MAX_DURATION_MS) {
      throw new Parser.BadValue("is too long; the most PostgreSQL accepts is 596h (24 days)");
    }
    return Duration.ofMillis(Long.parseLong(m.group(1)) * perUnit);
  }

  private static int whole(String text, String reason) throws Parser.BadValue {
    if (!text.matches("\\d{1,9}")) {
      throw new Parser.BadValue(reason);
    }
    return Integer.parseInt(text);
  }

  /** Renders a duration the way it is written in settings, e.g. 5s or 1500ms. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0 && ms > 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    }
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }
}
