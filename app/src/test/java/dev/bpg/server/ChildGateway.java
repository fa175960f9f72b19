package dev.bpg.server;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A gateway in a JVM of its own, started as {@code ./bpg server FILE} starts it (the main class on
 * this test's classpath), for tests that stop it with a signal: {@link #kill} sends SIGKILL, {@link
 * #terminate} SIGTERM. Its output goes to {@code <name>.log} in its directory.
 */
final class ChildGateway implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final int port;

  private ChildGateway(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Starts it with this configuration, then waits until {@code /ready} answers 200. */
  static ChildGateway start(Path dir, String name, int port, String configuration)
      throws IOException {
    return start(dir, name, port, configuration, Map.of());
  }

  /** The same, with these environment variables added to the child's. */
  static ChildGateway start(
      Path dir, String name, int port, String configuration, Map<String, String> environment)
      throws IOException {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, configuration);
    String classpath =
        List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream()
            .map(entry -> Path.of(entry).toAbsolutePath().toString())
            .collect(Collectors.joining(File.pathSeparator));
    Path log = dir.resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classpath,
                "dev.bpg.cli.Main",
                "server",
                file.toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    ChildGateway child = new ChildGateway(process, log, port);
    GatewayTestClient client = child.client();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptions()
          .failFast("the gateway stopped", () -> !process.isAlive())
          .until(() -> client.send(child.ready()).status() == 200);
    } catch (RuntimeException e) {
      child.close();
      throw new IllegalStateException("the child gateway did not get ready:\n" + child.log(), e);
    }
    return child;
  }

  GatewayTestClient client() {
    return new GatewayTestClient(port);
  }

  HttpRequest.Builder ready() {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).GET();
  }

  Process process() {
    return process;
  }

  /** SIGKILL: no shutdown hook, no drain, no last write. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM, as Kubernetes stops a pod. */
  void terminate() {
    process.destroy();
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
