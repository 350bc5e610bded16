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
