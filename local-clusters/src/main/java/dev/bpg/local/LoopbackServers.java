package dev.bpg.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Servers the local set-up starts in processes of their own, on loopback ports. */
public final class LoopbackServers {
  private LoopbackServers() {}

  /** A port free on this machine now. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * Waits until the process's server accepts connections on the port.
   *
   * @param what the server, as the errors name it
   * @throws IllegalStateException with the log when the process stops or the time runs out
   */
  public static void awaitListening(
      Process process, int port, Duration timeout, Path log, String what)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(what + " stopped at start:\n" + Files.readString(log));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException(
        what + " did not start in " + timeout.toSeconds() + " s:\n" + Files.readString(log));
  }
}
