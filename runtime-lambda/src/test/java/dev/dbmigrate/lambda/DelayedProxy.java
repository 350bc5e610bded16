package dev.dbmigrate.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A port on 127.0.0.1 that refuses connections until {@code delay} has passed and then forwards
 * each one to the real server, as a database that is resuming looks to a client. With a null delay
 * it never starts listening.
 */
final class DelayedProxy implements AutoCloseable {

  private final int port;
  private final List<java.io.Closeable> open = new CopyOnWriteArrayList<>();
  private final Thread starter;
  private volatile boolean closed;

  DelayedProxy(String targetHost, int targetPort, Duration delay) throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    starter =
        new Thread(
            () -> {
              try {
                Thread.sleep(delay == null ? Long.MAX_VALUE : delay.toMillis());
                listen(targetHost, targetPort);
              } catch (InterruptedException | IOException e) {
                // closed
              }
            },
            "delayed-proxy");
    starter.setDaemon(true);
    starter.start();
  }

  int port() {
    return port;
  }

  private void listen(String targetHost, int targetPort) throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    open.add(server);
    if (closed) {
      server.close();
      return;
    }
    while (!closed) {
      Socket client = server.accept();
      Socket upstream = new Socket(targetHost, targetPort);
      open.add(client);
      open.add(upstream);
      pump(client.getInputStream(), upstream.getOutputStream());
      pump(upstream.getInputStream(), client.getOutputStream());
    }
  }

  private static void pump(InputStream in, OutputStream out) {
    Thread t =
        new Thread(
            () -> {
              try (in;
                  out) {
                in.transferTo(out);
              } catch (IOException e) {
                // one side closed
              }
            },
            "delayed-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    starter.interrupt();
    for (java.io.Closeable c : open) {
      c.close();
    }
  }
}
