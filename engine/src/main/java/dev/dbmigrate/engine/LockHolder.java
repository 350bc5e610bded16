package dev.dbmigrate.engine;

import java.time.Instant;

/**
 * The session holding the migration lock, as PostgreSQL reports it.
 *
 * @param pid server process id
 * @param applicationName the holder's application_name (dbmigrate sets one that names the host)
 * @param clientAddress client address, or empty for a local socket
 * @param since when the holding session connected
 */
public record LockHolder(int pid, String applicationName, String clientAddress, Instant since) {

  public String describe() {
    StringBuilder s = new StringBuilder("pid ").append(pid);
    if (applicationName != null && !applicationName.isEmpty()) {
      s.append(", application '").append(applicationName).append('\'');
    }
    if (clientAddress != null && !clientAddress.isEmpty()) {
      s.append(", from ").append(clientAddress);
    }
    if (since != null) {
      s.append(", connected since ").append(since);
    }
    return s.toString();
  }
}
