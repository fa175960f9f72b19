package dev.bpg.local;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Local Kubernetes clusters in this JVM, for the demo, the {@code local-clusters} command and
 * end-to-end tests. Each cluster is an API server on its own loopback port (the fabric8 mock in
 * CRUD mode, with the {@code SparkApplication} CRD) and a local Spark operator that moves
 * applications through SUBMITTED, RUNNING and COMPLETED or FAILED with driver pods, logs and
 * events. As the {@link LocalRunMode} chosen at start says, the operator simulates the runs (with
 * executor pods, without running Spark) or runs each application as a real Spark job in local mode
 * in a child JVM.
 */
public final class LocalClusters implements AutoCloseable {

  private static final String USER = "local-user";

  // java.util.logging holds loggers weakly; without these references the quieter level would be
  // lost with them.
  private final List<Logger> quietedLoggers;
  private final Vertx vertx;
  private final List<LocalCluster> clusters;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalClusters(List<Logger> quietedLoggers, Vertx vertx, List<LocalCluster> clusters) {
    this.quietedLoggers = List.copyOf(quietedLoggers);
    this.vertx = vertx;
    this.clusters = List.copyOf(clusters);
  }

  /**
   * Starts the clusters with simulated runs: for each, its API server with the CRD registered, its
   * namespace and its operator. Returns when all are ready.
   *
   * @param clock the time written into statuses, events and logs
   * @throws IllegalArgumentException if {@code specs} is empty or repeats an id
   * @throws IllegalStateException if a cluster cannot start (a port in use, say); the others are
   *     stopped again
   */
  public static LocalClusters start(List<LocalClusterSpec> specs, Clock clock) {
    return start(specs, clock, LocalRunMode.simulated());
  }

  /** As {@link #start(List, Clock)}, with simulated or real Spark runs. */
  public static LocalClusters start(List<LocalClusterSpec> specs, Clock clock, LocalRunMode mode) {
    return start(specs, clock, SimulationTimings.DEFAULT, mode);
  }

  /** As {@link #start(List, Clock)}, with other step timings for the operators; for tests. */
  static LocalClusters start(List<LocalClusterSpec> specs, Clock clock, SimulationTimings timings) {
    return start(specs, clock, timings, LocalRunMode.simulated());
  }

  private static LocalClusters start(
      List<LocalClusterSpec> specs, Clock clock, SimulationTimings timings, LocalRunMode mode) {
    requireNonNull(specs, "specs is null");
    requireNonNull(clock, "clock is null");
    requireNonNull(timings, "timings is null");
    requireNonNull(mode, "mode is null");
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("at least one local cluster is needed");
    }
    Set<String> ids = new HashSet<>();
    for (LocalClusterSpec spec : specs) {
      if (!ids.add(spec.id())) {
        throw new IllegalArgumentException("duplicate local cluster id: " + spec.id());
      }
    }
    List<Logger> quietedLoggers = quietMockLogging();
    // One Vertx for all servers: its event loops are shared, so ten clusters cost no more threads
    // than one.
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setFileSystemOptions(
                    new FileSystemOptions()
                        .setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
    List<LocalCluster> started = new ArrayList<>();
    try {
      for (LocalClusterSpec spec : specs) {
        started.add(startCluster(vertx, spec, clock, timings, mode));
      }
    } catch (RuntimeException e) {
      try {
        stop(started, vertx);
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return new LocalClusters(quietedLoggers, vertx, started);
  }

  public List<LocalCluster> clusters() {
    return clusters;
  }

  /**
   * @throws IllegalArgumentException if there is no cluster with that id
   */
  public LocalCluster cluster(String id) {
    requireNonNull(id, "id is null");
    return clusters.stream()
        .filter(cluster -> cluster.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no local cluster with id '" + id + "'"));
  }

  /**
   * A kubeconfig for {@code kubectl}: one context per cluster, named after its id and defaulting to
   * its namespace, and the first cluster as the current context. The servers accept any token.
   */
  public String kubeconfig() {
    StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
    for (LocalCluster cluster : clusters) {
      yaml.append("- name: ")
          .append(quoted(cluster.id()))
          .append('\n')
          .append("  cluster:\n")
          .append("    server: ")
          .append(quoted(cluster.masterUrl()))
          .append('\n');
    }
    yaml.append("users:\n")
        .append("- name: ")
        .append(USER)
        .append('\n')
        .append("  user:\n")
        .append("    token: local-token\n");
    yaml.append("contexts:\n");
    for (LocalCluster cluster : clusters) {
      yaml.append("- name: ")
          .append(quoted(cluster.id()))
          .append('\n')
          .append("  context:\n")
          .append("    cluster: ")
          .append(quoted(cluster.id()))
          .append('\n')
          .append("    namespace: ")
          .append(quoted(cluster.namespace()))
          .append('\n')
          .append("    user: ")
          .append(USER)
          .append('\n');
    }
    yaml.append("current-context: ").append(quoted(clusters.get(0).id())).append('\n');
    yaml.append("preferences: {}\n");
    return yaml.toString();
  }

  /** Stops the operators, then the API servers, then Vert.x. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      stop(clusters, vertx);
    }
  }

  private static LocalCluster startCluster(
      Vertx vertx,
      LocalClusterSpec spec,
      Clock clock,
      SimulationTimings timings,
      LocalRunMode mode) {
    LocalApiServer server = LocalApiServer.start(vertx, spec.port());
    KubernetesClient client = null;
    LocalSparkOperator operator = null;
    try {
      client = client(server.masterUrl(), spec.namespace());
      client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(spec.namespace())
                  .endMetadata()
                  .build())
          .create();
      operator =
          new LocalSparkOperator(
              spec.id(), client, server.podLogs(), clock, new Random(), timings, mode);
      operator.start();
      return new LocalCluster(spec.id(), spec.namespace(), server, client, operator);
    } catch (RuntimeException e) {
      List<Runnable> undo = new ArrayList<>();
      if (operator != null) {
        undo.add(operator::close);
      }
      if (client != null) {
        undo.add(client::close);
      }
      undo.add(server::close);
      try {
        runAll(undo);
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new IllegalStateException(
          "local cluster " + spec.id() + " could not start: " + e.getMessage(), e);
    }
  }

  // Built from an empty config so that no kubeconfig, token or proxy of the machine leaks into a
  // local cluster.
  private static KubernetesClient client(String masterUrl, String namespace) {
    Config config =
        new ConfigBuilder(Config.empty()).withMasterUrl(masterUrl).withNamespace(namespace).build();
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientFactory(new JdkHttpClientFactory())
        .build();
  }

  private static void stop(List<LocalCluster> clusters, Vertx vertx) {
    List<Runnable> steps = new ArrayList<>();
    clusters.forEach(cluster -> steps.add(cluster.operator()::close));
    clusters.forEach(cluster -> steps.add(cluster.client()::close));
    clusters.forEach(cluster -> steps.add(cluster.server()::close));
    steps.add(() -> LocalApiServer.await(vertx.close(), "close Vert.x"));
    runAll(steps);
  }

  /**
   * Runs every step even if some fail; then throws the first failure, with the others suppressed in
   * it.
   */
  private static void runAll(List<Runnable> steps) {
    RuntimeException failure = null;
    for (Runnable step : steps) {
      try {
        step.run();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * The mock logs each request at INFO through java.util.logging; a long demo does not need that.
   */
  private static List<Logger> quietMockLogging() {
    List<Logger> loggers =
        Stream.of("io.fabric8.mockwebserver", "io.fabric8.kubernetes.client.server.mock")
            .map(Logger::getLogger)
            .toList();
    loggers.forEach(logger -> logger.setLevel(Level.WARNING));
    return loggers;
  }

  // Ids and namespaces are validated to contain no quote or backslash; quoting keeps "123" or
  // "true" a string.
  private static String quoted(String value) {
    return "\"" + value + "\"";
  }
}
