package dev.bpg.submission;

import dev.bpg.config.ClusterConfig;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import java.util.Optional;
import java.util.Set;

/**
 * The clusters the gateway sends applications to, by ID: each one's configuration and its {@link
 * SparkApplicationClient}. An adapter builds one client per cluster once and shares it between all
 * requests; the domain only looks them up.
 */
public interface ClusterClients {
  /** The IDs of the configured clusters, in configuration order. */
  Set<String> ids();

  Optional<ClusterConfig> findConfig(String clusterId);

  /**
   * The client of a configured cluster.
   *
   * @throws GatewayException {@code CLUSTER_UNAVAILABLE} when the cluster is not configured (any
   *     more): a submission recorded on it can no longer be reached
   */
  SparkApplicationClient client(String clusterId);

  /**
   * The configuration of a configured cluster.
   *
   * @throws GatewayException {@code CLUSTER_UNAVAILABLE} when the cluster is not configured
   */
  default ClusterConfig getConfig(String clusterId) {
    return findConfig(clusterId).orElseThrow(() -> notConfigured(clusterId));
  }

  static GatewayException notConfigured(String clusterId) {
    return new GatewayException(
        ErrorCode.CLUSTER_UNAVAILABLE,
        "cluster " + clusterId + " is no longer configured in this gateway");
  }
}
