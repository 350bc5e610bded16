package dev.dbmigrate.engine.settings;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JDBC URLs as settings see them ({@code jdbc:postgresql:}, {@code jdbc:mysql:}, {@code
 * jdbc:mariadb:}): split into the parts a target is made of, checked for credentials (which belong
 * in settings of their own), and masked wherever one is shown.
 */
public final class JdbcUrl {

  public static final String PREFIX = "jdbc:postgresql:";

  /** The scheme of a PostgreSQL URL, and the one a target without a URL gets. */
  public static final String POSTGRESQL = "postgresql";

  private static final Pattern URL =
      Pattern.compile("jdbc:(postgresql|mysql|mariadb):(?://([^/?#]*))?/?([^?#]*)(\\?[^#]*)?");
  private static final String WRITE_IT =
      "write it as jdbc:postgresql://<host>:<port>/<database> (or jdbc:mysql:, jdbc:mariadb:)";
  private static final Pattern PASSWORD_PARAM =
      Pattern.compile("(?i)((?:^|[?&;\\s])password=)[^&;\\s'\"]*");
  private static final Pattern USER_INFO = Pattern.compile("(//)[^/@\\s?#]*@");

  /**
   * The parts of a URL; host and port may list several, comma-separated, as the driver allows.
   *
   * @param scheme {@code postgresql}, {@code mysql} or {@code mariadb}
   */
  public record Parts(String host, String port, String database, String query, String scheme) {}

  private JdbcUrl() {}

  /** Why the text is not a URL dbmigrate accepts, or null when it is. */
  static String problem(String text) {
    if (!URL.matcher(text).lookingAt()) {
      return "is not a JDBC URL dbmigrate knows; " + WRITE_IT;
    }
    Matcher m = URL.matcher(text);
    if (m.matches() && m.group(2) != null && m.group(2).contains("@")) {
      return "has credentials in it (user:password@host); give the user and the password as"
          + " settings of their own, not in the URL";
    }
    if (!m.matches() || parts(text) == null) {
      return "is not a valid JDBC URL (check the host, the port number and the parameters); "
          + WRITE_IT;
    }
    return null;
  }

  /** The URL's host, port, database and query, or null when it cannot be read. */
  public static Parts parts(String url) {
    Matcher m = URL.matcher(url);
    if (!m.matches()) {
      return null;
    }
    String scheme = m.group(1);
    String defaultPort = scheme.equals(POSTGRESQL) ? "5432" : "3306";
    String authority = m.group(2) == null || m.group(2).isEmpty() ? "localhost" : m.group(2);
    StringBuilder hosts = new StringBuilder();
    StringBuilder ports = new StringBuilder();
    for (String hostPort : authority.split(",", -1)) {
      int colon = hostPort.lastIndexOf(':');
      boolean hasPort = colon >= 0 && !hostPort.endsWith("]") && hostPort.indexOf(']') < colon;
      String host = hasPort ? hostPort.substring(0, colon) : hostPort;
      String port = hasPort ? hostPort.substring(colon + 1) : defaultPort;
      if (host.isEmpty() || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
        return null;
      }
      hosts.append(hosts.length() == 0 ? "" : ",").append(host);
      ports.append(ports.length() == 0 ? "" : ",").append(port);
    }
    String query = m.group(4) == null ? "" : m.group(4).substring(1);
    return new Parts(hosts.toString(), ports.toString(), m.group(3), query, scheme);
  }

  /** A PostgreSQL URL from its parts. */
  public static String of(String host, String port, String database, String query) {
    return of(POSTGRESQL, host, port, database, query);
  }

  /**
   * A URL of {@code scheme} ({@code postgresql}, {@code mysql}, {@code mariadb}) from its parts.
   */
  public static String of(String scheme, String host, String port, String database, String query) {
    String[] hosts = host.split(",", -1);
    String[] ports = port.split(",", -1);
    StringBuilder s = new StringBuilder("jdbc:").append(scheme).append("://");
    for (int i = 0; i < hosts.length; i++) {
      s.append(i == 0 ? "" : ",")
          .append(hosts[i])
          .append(':')
          .append(ports[Math.min(i, ports.length - 1)]);
    }
    s.append('/').append(database);
    return query == null || query.isEmpty() ? s.toString() : s + "?" + query;
  }

  /**
   * The text with every password a URL in it may carry (a {@code password=} parameter, a {@code
   * user:password@} authority) replaced by {@code ***}; the rest of the text stays as it was.
   */
  public static String mask(String text) {
    if (text == null) {
      return null;
    }
    String s = PASSWORD_PARAM.matcher(text).replaceAll("$1***");
    return USER_INFO.matcher(s).replaceAll("$1***@");
  }
}
