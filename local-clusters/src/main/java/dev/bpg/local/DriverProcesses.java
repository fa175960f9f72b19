package dev.bpg.local;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver JVMs of one local operator: it starts them and stops them with all their descendants,
 * and on close stops those still running, so that no Spark job outlives its local cluster.
 * Thread-safe.
 */
final class DriverProcesses implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DriverProcesses.class);

  /**
   * Environment variables of this machine that would make Spark read another installation's files.
   */
  private static final List<String> CLEARED_ENVIRONMENT =
      List.of(
          "SPARK_HOME", "SPARK_CONF_DIR", "SPARK_SUBMIT_OPTS", "HADOOP_CONF_DIR", "YARN_CONF_DIR");

  private final Duration gracePeriod;
  private final Set<Process> live = ConcurrentHashMap.newKeySet();

  /**
   * @param gracePeriod how long a driver has to stop after SIGTERM (Spark's shutdown hooks remove
   *     its temporary files) before it is killed
   */
  DriverProcesses(Duration gracePeriod) {
    this.gracePeriod = requireNonNull(gracePeriod, "gracePeriod is null");
  }

  /** The {@code java} of the JVM this runs in: drivers run on the same Java as the gateway. */
  static Path currentJava() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /**
   * Starts a process with the environment of this JVM, less Spark and Hadoop settings, plus {@code
   * environment}. Its standard input is closed at once; the caller reads its standard output and
   * error.
   *
   * @throws IOException if the process cannot start
   */
  Process start(List<String> command, Map<String, String> environment) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    CLEARED_ENVIRONMENT.forEach(builder.environment()::remove);
    builder.environment().putAll(environment);
    Process process = builder.start();
    live.add(process);
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      LOG.debug("Closing the standard input of {} failed", process, e);
    }
    process.onExit().thenRun(() -> live.remove(process));
    return process;
  }

  /**
   * Stops a process and its descendants: SIGTERM at once, SIGKILL to whatever is left after the
   * grace period.
   *
   * @return completes when all of them have exited
   */
  CompletableFuture<Void> stop(Process process) {
    requireNonNull(process, "process is null");
    // Descendants first: once the root has exited, its children belong to init and are no longer
    // its descendants.
    List<ProcessHandle> tree = new ArrayList<>(process.toHandle().descendants().toList());
    tree.add(0, process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    CompletableFuture<Void> exited =
        CompletableFuture.allOf(
            tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new));
    CompletableFuture.runAsync(
        () -> tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly),
        CompletableFuture.delayedExecutor(gracePeriod.toMillis(), TimeUnit.MILLISECONDS));
    return exited;
  }

  /** The processes started here that have not exited yet. */
  List<Process> live() {
    return List.copyOf(live);
  }

  /**
   * Stops every process still running and waits for them, a little longer than the grace period at
   * most.
   */
  @Override
  public void close() {
    List<CompletableFuture<Void>> stopping = live().stream().map(this::stop).toList();
    if (stopping.isEmpty()) {
      return;
    }
    try {
      CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new))
          .get(gracePeriod.toMillis() + 2_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn(
          "Some Spark driver processes had not exited {} after they were killed: {}",
          gracePeriod,
          live());
    }
  }
}
