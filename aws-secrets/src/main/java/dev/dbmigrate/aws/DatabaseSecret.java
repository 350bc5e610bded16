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
   * The PostgreSQL JDBC URL for this secret. An override, when not null, wins over the secret's
   * field, e.g. the local end of an SSM tunnel. The user and password are not put in the URL: pass
   * them to the driver separately, so the URL can be logged.
   *
   * @param params driver parameters such as sslmode, in the map's order; may be empty
   */
  public String jdbcUrl(
      String hostOverride,
      Integer portOverride,
      String dbnameOverride,
      Map<String, String> params) {
    if (engine != null && !engine.toLowerCase(Locale.ROOT).contains("postgres")) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "the secret is for database engine '"
              + engine
              + "'; dbmigrate connects to PostgreSQL"
              + " only: use the secret of a PostgreSQL database");
    }
    String h =
        hostOverride != null ? hostOverride : require(host, "host", "--host or DBMIGRATE_HOST");
    int p = portOverride != null ? portOverride : port > 0 ? port : DEFAULT_PORT;
    String db =
        dbnameOverride != null
            ? dbnameOverride
            : require(dbname, "dbname", "--database or DBMIGRATE_DATABASE");
    StringBuilder url = new StringBuilder("jdbc:postgresql://");
    url.append(h.indexOf(':') >= 0 && !h.startsWith("[") ? "[" + h + "]" : h);
    url.append(':').append(p).append('/').append(encode(db));
    char separator = '?';
    for (Map.Entry<String, String> e : params.entrySet()) {
      url.append(separator).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
      separator = '&';
    }
    return url.toString();
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
