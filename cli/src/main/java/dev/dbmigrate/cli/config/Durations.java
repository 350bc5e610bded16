package dev.dbmigrate.cli.config;

import dev.dbmigrate.engine.settings.Parsers;
import dev.dbmigrate.engine.settings.Setting;
import dev.dbmigrate.engine.settings.SettingsTable;
import java.time.Duration;

/**
 * Durations written as {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h} or plain seconds, read by
 * the settings table's one duration parser.
 */
public final class Durations {

  private Durations() {}

  /** Parses {@code text}; a bad one is a configuration error naming {@code setting}. */
  public static Duration parse(String setting, String text) {
    Setting<Duration> any = SettingsTable.LOCK_TIMEOUT;
    return any.parse(text, setting);
  }

  /** Renders a duration the way it is written in options, e.g. 5s or 1500ms. */
  public static String format(Duration d) {
    return Parsers.format(d);
  }
}
