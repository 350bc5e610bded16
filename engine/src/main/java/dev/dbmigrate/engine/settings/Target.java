package dev.dbmigrate.engine.settings;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The database a run is about to touch, as both front ends name it before connecting: host, port,
 * database, user and the config environment. Never the password.
 *
 * @param environment the config file's environment, or null
 */
public record Target(String host, String port, String database, String user, String environment) {

  /** {@code host:port/database as user}, plus the environment, for one line of text. */
  public String describe() {
    return host
        + ":"
        + port
        + "/"
        + database
        + " as "
        + user
        + (environment == null ? "" : " (environment " + environment + ")");
  }

  /** {@code host:port}, the part a connection failure is about. */
  public String address() {
    return host + ":" + port;
  }

  /** The JSON field {@code target}: {host, port, database, user, environment}. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("host", host);
    m.put("port", port.matches("\\d+") ? Integer.valueOf(port) : port);
    m.put("database", database);
    m.put("user", user);
    m.put("environment", environment);
    return m;
  }
}
