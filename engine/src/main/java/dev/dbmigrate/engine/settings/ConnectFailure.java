package dev.dbmigrate.engine.settings;

import java.net.UnknownHostException;
import java.sql.SQLException;

/**
 * The driver's connection failures with the address they are about. The driver says "The connection
 * attempt failed." or "Connection attempt timed out." without naming the host, and an unknown host
 * only shows in the cause; the message here names both, and keeps the SQLSTATE so the engine still
 * tells a refused password from an unreachable server.
 */
public final class ConnectFailure {

  private ConnectFailure() {}

  /** The failure of a connection to {@code target}, with host and port in its message. */
  public static SQLException of(Target target, SQLException e) {
    String reason = e.getMessage() == null ? "" : e.getMessage().strip();
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof UnknownHostException) {
        return new SQLException(
            "unknown host '"
                + target.host()
                + "' (port "
                + target.port()
                + "): no such name in DNS; check the host (the host setting, the URL or the secret)",
            e.getSQLState(),
            e);
      }
    }
    String lower = reason.toLowerCase(java.util.Locale.ROOT);
    String timedOut =
        lower.contains("timed out") || lower.contains("timeout")
            ? " (the server accepted the connection but did not answer in time; raise"
                + " connect-timeout or login-timeout if it is only slow)"
            : "";
    return new SQLException(
        target.address() + "/" + target.database() + ": " + reason + timedOut, e.getSQLState(), e);
  }
}
