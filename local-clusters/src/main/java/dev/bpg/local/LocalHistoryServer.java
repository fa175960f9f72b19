package dev.bpg.local;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    int port = LoopbackServers.freePort();
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
    try {
      LoopbackServers.awaitListening(
          process, port, Duration.ofSeconds(90), log, "the Spark History Server");
    } catch (IllegalStateException e) {
      server.close();
      throw e;
    }
    return server;
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
