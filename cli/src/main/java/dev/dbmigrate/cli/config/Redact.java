package dev.dbmigrate.cli.config;

import dev.dbmigrate.engine.settings.JdbcUrl;

/** Hides passwords that users put inside JDBC URLs before any text is shown. */
public final class Redact {

  private Redact() {}

  /** The text with every URL password in it masked; the rest of the text is kept. */
  public static String url(String text) {
    return JdbcUrl.mask(text);
  }
}
