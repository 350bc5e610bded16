package dev.dbmigrate.aws;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Database credentials as RDS and CDK keep them in Secrets Manager: {@code {"host", "port",
 * "username", "password", "dbname", "engine", ...}}. A secret that RDS manages for its master user
 * holds only the username and password, so host, port, dbname and engine may be absent here and
 * come from overrides instead.
 *
 * <p>{@link #toString()} never shows the password, so the value is safe to log.
 *
 * @param host null when the secret has none
 * @param port 0 when the secret has none
 * @param dbname null when the secret has none
 * @param engine null when the secret has none, e.g. "postgres" or "aurora-postgresql"
 */
public record DatabaseSecret(
    String host, int port, String username, String password, String dbname, String engine) {

  public static final int DEFAULT_PORT = 5432;

  /**
   * Reads a secret's {@code SecretString}. {@code secretId} only names the secret in messages; no
   * message ever contains the secret's text.
   */
  public static DatabaseSecret parse(String secretId, String secretString) {
    return SecretJson.parse(secretId, secretString);
  }

  /**
   * The JDBC URL for this secret: {@code jdbc:postgresql:} for a PostgreSQL engine (or none),
   * {@code jdbc:mysql:} for MySQL and Aurora MySQL, {@code jdbc:mariadb:} for MariaDB, whose driver
   * (MariaDB Connector/J) takes the parameters under its own names. An override, when not null,
   * wins over the secret's field, e.g. the local end of an SSM tunnel. The user and password are
   * not put in the URL: pass them to the driver separately, so the URL can be logged.
   *
   * @param params driver parameters such as sslmode, in the map's order; may be empty
   */
  public String jdbcUrl(
      String hostOverride,
      Integer portOverride,
      String dbnameOverride,
      Map<String, String> params) {
    String kind = engine == null ? "postgres" : engine.toLowerCase(Locale.ROOT);
    String scheme =
        kind.contains("postgres")
            ? "postgresql"
            : kind.contains("mariadb") ? "mariadb" : kind.contains("mysql") ? "mysql" : null;
    if (scheme == null) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "the secret is for database engine '"
              + engine
              + "'; dbmigrate connects to PostgreSQL, MySQL and MariaDB: use the secret of one of"
              + " those");
    }
    boolean mysql = !scheme.equals("postgresql");
    String h =
        hostOverride != null ? hostOverride : require(host, "host", "--host or DBMIGRATE_HOST");
    int p = portOverride != null ? portOverride : port > 0 ? port : mysql ? 3306 : DEFAULT_PORT;
    String db =
        dbnameOverride != null
            ? dbnameOverride
            : require(dbname, "dbname", "--database or DBMIGRATE_DATABASE");
    StringBuilder url = new StringBuilder("jdbc:").append(scheme).append("://");
    url.append(h.indexOf(':') >= 0 && !h.startsWith("[") ? "[" + h + "]" : h);
    url.append(':').append(p).append('/').append(encode(db));
    char separator = '?';
    for (Map.Entry<String, String> e : (mysql ? mariaDbNames(params) : params).entrySet()) {
      url.append(separator).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
      separator = '&';
    }
    return url.toString();
  }

  /**
   * PostgreSQL's TLS parameters under MariaDB Connector/J's names: sslmode becomes sslMode (require
   * is its trust: encrypted, not verified), sslrootcert serverSslCert.
   */
  public static Map<String, String> mariaDbNames(Map<String, String> params) {
    Map<String, String> named = new java.util.LinkedHashMap<>();
    // Connector/J 3 takes a jdbc:mysql: URL only when the URL itself says so.
    named.put("permitMysqlScheme", "true");
    params.forEach(
        (key, value) -> {
          if (key.equals("sslmode")) {
            switch (value) {
              case "disable", "verify-ca", "verify-full" -> named.put("sslMode", value);
              case "require" -> named.put("sslMode", "trust");
              default -> {
                // allow and prefer: the driver's default.
              }
            }
          } else if (key.equals("sslrootcert")) {
            named.put("serverSslCert", value);
          } else {
            named.put(key, value);
          }
        });
    return named;
  }

  private static String require(String value, String field, String lambdaVariable) {
    if (value == null || value.isBlank()) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "the secret has no '"
              + field
              + "' field (a secret that RDS manages holds only the"
              + " username and password); give the "
              + field
              + " as an override: "
              + lambdaVariable);
    }
    return value;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "DatabaseSecret[host="
        + host
        + ", port="
        + port
        + ", username="
        + username
        + ", password="
        + (password == null ? "null" : "(hidden)")
        + ", dbname="
        + dbname
        + ", engine="
        + engine
        + "]";
  }
}
