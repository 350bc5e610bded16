package dev.dbmigrate.engine.settings;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.util.List;
import java.util.Locale;

/**
 * One row of the settings table: its key (the name in {@code dbmigrate.properties} and in engine
 * messages), the parser that checks a value, the default, and which front ends read it. The
 * command-line flag is {@code --<key>} and the variable {@code DBMIGRATE_<KEY>}; older variable
 * names stay accepted as aliases.
 *
 * @param <T> the parsed value's type
 */
public final class Setting<T> {

  /** Which front ends read a setting. */
  public enum Scope {
    BOTH,
    CLI,
    LAMBDA;

    boolean includes(Scope other) {
      return this == BOTH || other == BOTH || this == other;
    }
  }

  private final String key;
  private final Parser<T> parser;
  private final String defaultText;
  private final Scope scope;
  private final List<String> aliases;
  private final String meaning;

  Setting(
      String key,
      Parser<T> parser,
      String defaultText,
      Scope scope,
      List<String> aliases,
      String meaning) {
    this.key = key;
    this.parser = parser;
    this.defaultText = defaultText;
    this.scope = scope;
    this.aliases = List.copyOf(aliases);
    this.meaning = meaning;
  }

  public String key() {
    return key;
  }

  /** The command-line flag, {@code --<key>}. */
  public String flag() {
    return "--" + key;
  }

  /** The environment variable, {@code DBMIGRATE_<KEY>}. */
  public String variable() {
    return "DBMIGRATE_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** Older variable names that still set it. */
  public List<String> aliases() {
    return aliases;
  }

  /** The default as written in options and documents, or null when there is none. */
  public String defaultText() {
    return defaultText;
  }

  public String meaning() {
    return meaning;
  }

  public boolean appliesTo(Scope frontEnd) {
    return scope.includes(frontEnd);
  }

  /**
   * Parses and checks a value. A bad value is a configuration error that names the setting the way
   * the caller's user gave it ({@code --lock-timeout}, {@code DBMIGRATE_LOCK_TIMEOUT}, ...).
   *
   * @param givenAs how the value was given, for the message
   */
  public T parse(String text, String givenAs) {
    try {
      return parser.parse(text.strip());
    } catch (Parser.BadValue e) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          givenAs + (parser.secret() ? "" : " '" + text.strip() + "'") + " " + e.getMessage());
    }
  }

  /** The default value, or null. */
  public T defaultValue() {
    return defaultText == null ? null : parse(defaultText, key);
  }

  @Override
  public String toString() {
    return key;
  }
}
