package dev.dbmigrate.cli.config;

import java.util.regex.Pattern;

/** Hides passwords that users put inside JDBC URLs before a URL is shown anywhere. */
public final class Redact {

  private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&;]*");
  private static final Pattern USER_INFO = Pattern.compile("(//[^/@:]+:)[^/@]*@");

  private Redact() {}

  public static String url(String url) {
    if (url == null) {
      return null;
    }
    String s = PASSWORD_PARAM.matcher(url).replaceAll("$1***");
    return USER_INFO.matcher(s).replaceAll("$1***@");
  }
}
