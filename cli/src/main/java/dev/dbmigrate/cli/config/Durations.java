package dev.dbmigrate.cli.config;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations written as {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h} or plain seconds.
 */
public final class Durations {

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

  private Durations() {}

  public static Duration parse(String setting, String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          setting + " '" + text + "' is not a duration; write e.g. 500ms, 5s, 2m or 1h");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
  }

  /** Renders a duration the way it is written in options, e.g. 5s or 1500ms. */
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
