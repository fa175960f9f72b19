package dev.bpg.local;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Spark's own History Server on a loopback port, in a JVM of its own started from the Spark runtime
 * the local clusters run jobs with (never the gateway's classpath): it shows the Spark UI of every
 * finished local run whose event log is in its directory ({@link
 * LocalSparkSettings#withEventLogDir}).
 */
public final class LocalHistoryServer implements AutoCloseable {
  static final String MAIN_CLASS = "org.apache.spark.deploy.history.HistoryServer";

  private final Process process;
  private final int port;

  private LocalHistoryServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts it on a free port, reading {@code eventLogDir} (created if missing) every second, and
   * waits until it answers.
   */
  public static LocalHistoryServer start(SparkRuntime runtime, Path eventLogDir, Path workDir)
      throws IOException, InterruptedException {
    requireNonNull(runtime, "runtime is null");
    Files.createDirectories(eventLogDir);
    Files.createDirectories(workDir);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path properties = workDir.resolve("history-server.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "spark.history.fs.logDirectory=" + eventLogDir.toUri(),
            "spark.history.fs.update.interval=1s",
            "spark.history.ui.port=" + port,
            "spark.ui.showConsoleProgress=false",
            ""));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.addAll(SparkJob.MODULE_OPTIONS);
    command.add("@" + runtime.classpathArgumentFile());
    command.add(MAIN_CLASS);
    command.add("--properties-file");
    command.add(properties.toString());
    Path log = workDir.resolve("history-server.log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    // The UI binds to this address only.
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process process = builder.start();
    LocalHistoryServer server = new LocalHistoryServer(process, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the Spark History Server stopped at start:\n" + Files.readString(log));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return server;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    server.close();
    throw new IllegalStateException(
        "the Spark History Server did not start in time:\n" + Files.readString(log));
  }

  /** Its address, such as {@code http://127.0.0.1:18080}. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
