package dev.dbmigrate.engine.settings;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Engine words to front-end words: the engine names settings by key, each front end its way. */
public final class Wording {

  private Wording() {}

  private static final Pattern HYPHENATED_KEY =
      Pattern.compile("(?<![\\w-])([a-z]+(?:-[a-z]+)+)(?![\\w-])");

  /**
   * An engine message in a front end's words: each setting the engine names by its key ({@code
   * lock-timeout}) becomes what the user of that front end writes ({@code --lock-timeout}, {@code
   * DBMIGRATE_LOCK_TIMEOUT}). Only keys with a hyphen are replaced: one-word keys (table, user) are
   * ordinary words in messages.
   *
   * @param frontEnd whose settings the message may name
   * @param asFlags true for {@code --key}, false for the variable
   */
  public static String reword(String message, Setting.Scope frontEnd, boolean asFlags) {
    return replaceKeys(message, frontEnd, asFlags);
  }

  /**
   * The failure's message in a front end's words when the engine wrote it; a message a front end or
   * the settings table wrote names the setting the way the user gave it already (a config file's
   * {@code lock-timeout} stays as it is).
   */
  public static String message(
      dev.dbmigrate.engine.MigrationException e,
      String text,
      Setting.Scope frontEnd,
      boolean asFlags) {
    StackTraceElement[] trace = e.getStackTrace();
    String origin = trace.length == 0 ? "" : trace[0].getClassName();
    boolean engineWords =
        origin.startsWith("dev.dbmigrate.engine.") && !origin.startsWith(SETTINGS_PACKAGE);
    return engineWords ? replaceKeys(text, frontEnd, asFlags) : text;
  }

  private static final String SETTINGS_PACKAGE = "dev.dbmigrate.engine.settings.";

  private static String replaceKeys(String message, Setting.Scope frontEnd, boolean asFlags) {
    if (message == null) {
      return null;
    }
    Matcher m = HYPHENATED_KEY.matcher(message);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Setting<?> s = SettingsTable.byKey(frontEnd, m.group(1));
      String word = s == null ? m.group(1) : asFlags ? s.flag() : s.variable();
      m.appendReplacement(out, Matcher.quoteReplacement(word));
    }
    m.appendTail(out);
    return out.toString();
  }
}
