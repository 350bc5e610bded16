package dev.dbmigrate.testing;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A DataSource that opens a new connection per request, for handing a test database to code that
 * takes a {@link DataSource}. No pool: tests then see every connection the code opens.
 */
public final class SimpleDataSource implements DataSource {

  private final String url;
  private final String user;
  private final String password;
  private final Properties extra;

  public SimpleDataSource(String url, String user, String password) {
    this(url, user, password, new Properties());
  }

  public SimpleDataSource(String url, String user, String password, Properties extra) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.extra = extra;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return ServerEndpoint.connect(url, user, password, extra);
  }

  @Override
  public Connection getConnection(String username, String pw) throws SQLException {
    return ServerEndpoint.connect(url, username, pw, extra);
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }
}
