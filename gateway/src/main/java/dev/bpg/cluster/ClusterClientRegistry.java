package dev.bpg.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.config.ClusterConfig;
import dev.bpg.submission.ClusterClients;
import dev.bpg.submission.SparkApplicationClient;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One fabric8 client per configured cluster, built once at start and shared by every request, the
 * watches and the health probes; closed when the gateway stops.
 */
public final class ClusterClientRegistry implements ClusterClients, AutoCloseable {
  private final Map<String, ClusterConfig> configs;
  private final Map<String, KubernetesClient> kubernetes;
  private final Map<String, SparkApplicationClient> clients;

  private ClusterClientRegistry(
      Map<String, ClusterConfig> configs,
      Map<String, KubernetesClient> kubernetes,
      Map<String, SparkApplicationClient> clients) {
    this.configs = Collections.unmodifiableMap(configs);
    this.kubernetes = Collections.unmodifiableMap(kubernetes);
    this.clients = Collections.unmodifiableMap(clients);
  }

  /** Builds the clients; nothing is called on any cluster yet. */
  public static ClusterClientRegistry connect(List<ClusterConfig> configs, ObjectMapper json) {
    Map<String, ClusterConfig> byId = new LinkedHashMap<>();
    Map<String, KubernetesClient> kubernetes = new LinkedHashMap<>();
    Map<String, SparkApplicationClient> clients = new LinkedHashMap<>();
    for (ClusterConfig config : configs) {
      KubernetesClient client =
          new KubernetesClientBuilder().withConfig(clientConfig(config)).build();
      byId.put(config.id(), config);
      kubernetes.put(config.id(), client);
      clients.put(
          config.id(),
          new Fabric8SparkApplicationClient(config.id(), client, json, config.requestTimeout()));
    }
    return new ClusterClientRegistry(byId, kubernetes, clients);
  }

  private static Config clientConfig(ClusterConfig cluster) {
    int timeout = (int) Math.min(Integer.MAX_VALUE, cluster.requestTimeout().toMillis());
    // Config.empty(): never fall back to a kubeconfig or service account of the gateway's own host.
    ConfigBuilder builder =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(cluster.masterUrl())
            .withNamespace(cluster.namespace())
            .withRequestTimeout(timeout)
            .withConnectionTimeout(Math.min(timeout, 10_000))
            .withRequestRetryBackoffLimit(0)
            // HTTP/1.1 with a pool of connections: over plain HTTP the JDK client would otherwise
            // upgrade to HTTP/2 and carry every create on one connection, one frame at a time.
            .withHttp2Disable(true)
            // A dropped watch is not resumed by the client: ApplicationWatch lists again, which
            // also finds what was deleted meanwhile.
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

  @Override
  public Set<String> ids() {
    return configs.keySet();
  }

  @Override
  public Optional<ClusterConfig> findConfig(String clusterId) {
    return Optional.ofNullable(configs.get(clusterId));
  }

  @Override
  public SparkApplicationClient client(String clusterId) {
    SparkApplicationClient client = clients.get(clusterId);
    if (client == null) {
      throw ClusterClients.notConfigured(clusterId);
    }
    return client;
  }

  /** The Kubernetes client of a configured cluster, for its watch and its health probe. */
  KubernetesClient kubernetes(String clusterId) {
    KubernetesClient client = kubernetes.get(clusterId);
    if (client == null) {
      throw new IllegalArgumentException("unknown cluster " + clusterId);
    }
    return client;
  }

  @Override
  public void close() {
    kubernetes.values().forEach(KubernetesClient::close);
  }
}
