package dev.bpg.cluster;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.config.ClusterConfig;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clusters behind the gateway: one fabric8 client per cluster, built once, and one informer per
 * cluster and namespace feeding the {@link StatusTracker}. Closing stops the informers, then the
 * clients.
 */
public final class Clusters implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Clusters.class);

  private final Map<String, ClusterConfig> configs;
  private final Map<String, KubernetesClient> kubernetes;
  private final Map<String, SparkApplicationClient> clients;
  private final Map<String, ApplicationWatch> watches = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile java.util.concurrent.ScheduledExecutorService watchScheduler;
  private volatile StatusCache cache;

  private Clusters(Map<String, ClusterConfig> configs, Map<String, KubernetesClient> kubernetes,
      Map<String, SparkApplicationClient> clients) {
    this.configs = configs;
    this.kubernetes = kubernetes;
    this.clients = clients;
  }

  public static Clusters connect(List<ClusterConfig> configs, ObjectMapper json) {
    Map<String, ClusterConfig> byId = new LinkedHashMap<>();
    Map<String, KubernetesClient> kubernetes = new LinkedHashMap<>();
    Map<String, SparkApplicationClient> clients = new LinkedHashMap<>();
    for (ClusterConfig config : configs) {
      KubernetesClient client = new KubernetesClientBuilder().withConfig(clientConfig(config)).build();
      byId.put(config.id(), config);
      kubernetes.put(config.id(), client);
      clients.put(config.id(), new Fabric8SparkApplicationClient(config.id(), client, json, config.requestTimeout()));
    }
    return new Clusters(byId, kubernetes, clients);
  }

  /**
   * Clusters reached through the given clients, with no Kubernetes client and no informer: for tests
   * of the parts that only create, delete and read through {@link SparkApplicationClient}.
   */
  public static Clusters of(List<ClusterConfig> configs, Map<String, SparkApplicationClient> clients) {
    Map<String, ClusterConfig> byId = new LinkedHashMap<>();
    configs.forEach(c -> byId.put(c.id(), c));
    return new Clusters(byId, new LinkedHashMap<>(), new LinkedHashMap<>(clients));
  }

  private static Config clientConfig(ClusterConfig cluster) {
    int timeout = (int) Math.min(Integer.MAX_VALUE, cluster.requestTimeout().toMillis());
    // Config.empty(): never fall back to a kubeconfig or service account of the gateway's own host.
    ConfigBuilder builder = new ConfigBuilder(Config.empty())
        .withMasterUrl(cluster.masterUrl())
        .withNamespace(cluster.namespace())
        .withRequestTimeout(timeout)
        .withConnectionTimeout(Math.min(timeout, 10_000))
        .withRequestRetryBackoffLimit(0)
        // HTTP/1.1 with a pool of connections: over plain HTTP the JDK client would otherwise upgrade to
        // HTTP/2 and carry every create on one connection, one frame at a time.
        .withHttp2Disable(true)
        // A dropped watch is not resumed by the client: ApplicationWatch lists again, which also
        // finds what was deleted meanwhile.
        .withWatchReconnectLimit(0);
    if (cluster.token() != null) {
      builder.withOauthToken(cluster.token());
    }
    if (cluster.caCertData() != null) {
      builder.withCaCertData(cluster.caCertData());
    }
    if (cluster.httpProxy() != null) {
      builder.withHttpProxy(cluster.httpProxy());
    }
    if (cluster.httpsProxy() != null) {
      builder.withHttpsProxy(cluster.httpsProxy());
    }
    return builder.build();
  }

  /**
   * Starts one watch per cluster; a cluster that is down is retried by its watch. {@code onSynced}
   * hears the ID of each cluster every time its watch has listed it.
   */
  public void startWatches(StatusTracker tracker, StatusCache cache, java.util.function.Consumer<String> onSynced,
      java.time.Clock clock) {
    requireNonNull(tracker, "tracker is null");
    requireNonNull(onSynced, "onSynced is null");
    tracker.onStrayCopy((clusterId, resource) -> {
      try {
        client(clusterId).delete(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
      } catch (GatewayException e) {
        LOG.warn("Could not delete the stray copy of {} on {}: {}", resource.getMetadata().getName(),
            clusterId, e.getMessage());
      }
    });
    this.cache = cache;
    watchScheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "bpg-watch-lister");
      thread.setDaemon(true);
      return thread;
    });
    kubernetes.forEach((id, client) -> {
      ApplicationWatch watch = new ApplicationWatch(id, configs.get(id).namespace(), client, tracker, cache,
          onSynced, watchScheduler, clock);
      watches.put(id, watch);
      watch.start();
    });
  }

  /** Whether every watch has listed its cluster once. */
  public boolean informersSynced() {
    return !watches.isEmpty() && watches.values().stream().allMatch(ApplicationWatch::hasSynced);
  }

  /**
   * The names of the SparkApplications the gateway knows on the cluster, while its watch is open (it
   * has listed the cluster and follows it); empty otherwise, since what it knows may then be stale.
   */
  public Optional<Set<String>> liveNames(String clusterId) {
    ApplicationWatch watch = watches.get(clusterId);
    StatusCache known = cache;
    if (watch == null || !watch.hasSynced() || !watch.isWatching() || known == null) {
      return Optional.empty();
    }
    return Optional.of(known.snapshot().stream()
        .filter(a -> a.clusterId().equals(clusterId) && a.live())
        .map(a -> a.submissionId())
        .collect(java.util.stream.Collectors.toUnmodifiableSet()));
  }

  /** Whether the cluster's watch is open right now. */
  public boolean informerWatching(String clusterId) {
    ApplicationWatch watch = watches.get(clusterId);
    return watch != null && watch.hasSynced() && watch.isWatching();
  }

  KubernetesClient kubernetes(String clusterId) {
    KubernetesClient client = kubernetes.get(clusterId);
    if (client == null) {
      throw new IllegalArgumentException("unknown cluster " + clusterId);
    }
    return client;
  }

  public Set<String> ids() {
    return configs.keySet();
  }

  public Optional<ClusterConfig> findConfig(String clusterId) {
    return Optional.ofNullable(configs.get(clusterId));
  }

  public SparkApplicationClient client(String clusterId) {
    SparkApplicationClient client = clients.get(clusterId);
    if (client == null) {
      throw new GatewayException(ErrorCode.CLUSTER_UNAVAILABLE,
          "cluster " + clusterId + " is no longer configured in this gateway");
    }
    return client;
  }

  @Override
  public void close() {
    watches.values().forEach(ApplicationWatch::close);
    if (watchScheduler != null) {
      watchScheduler.shutdownNow();
    }
    kubernetes.values().forEach(KubernetesClient::close);
  }
}
