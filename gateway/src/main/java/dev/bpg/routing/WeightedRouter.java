package dev.bpg.routing;

import static java.util.Objects.requireNonNull;

import dev.bpg.config.ClusterConfig;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Weighted random choice among the clusters that serve the queue's parent and the Spark version. A
 * cluster is picked with probability weight / (sum of the eligible weights); weight 0 takes a cluster
 * out of routing but not out of reads. One draw per decision, from the injected {@link RandomSource}.
 */
public final class WeightedRouter implements ClusterRouter {
  private final List<ClusterConfig> clusters;
  private final RandomSource random;

  public WeightedRouter(List<ClusterConfig> clusters, RandomSource random) {
    this.clusters = List.copyOf(requireNonNull(clusters, "clusters is null"));
    this.random = requireNonNull(random, "random is null");
  }

  @Override
  public RoutingDecision choose(String parentQueue, String sparkVersion, Optional<String> pinnedClusterId) {
    requireNonNull(parentQueue, "parentQueue is null");
    requireNonNull(sparkVersion, "sparkVersion is null");
    requireNonNull(pinnedClusterId, "pinnedClusterId is null");
    if (pinnedClusterId.isPresent()) {
      return choosePinned(pinnedClusterId.get(), sparkVersion);
    }
    List<ClusterConfig> eligible = new ArrayList<>();
    Map<String, String> excluded = new LinkedHashMap<>();
    boolean anyHasVersion = false;
    for (ClusterConfig cluster : clusters) {
      if (cluster.weight() == 0) {
        excluded.put(cluster.id(), "weight 0");
      } else if (!cluster.supportsSparkVersion(sparkVersion)) {
        excluded.put(cluster.id(), "no Spark " + sparkVersion);
      } else if (!cluster.servesQueue(parentQueue)) {
        anyHasVersion = true;
        excluded.put(cluster.id(), "does not serve queue " + parentQueue);
      } else {
        eligible.add(cluster);
      }
    }
    if (eligible.isEmpty()) {
      if (!anyHasVersion) {
        throw new GatewayException(ErrorCode.UNSUPPORTED_SPARK_VERSION,
            "sparkVersion: " + sparkVersion + " is not supported by any cluster; supported: "
                + supportedVersions());
      }
      throw new GatewayException(ErrorCode.NO_ELIGIBLE_CLUSTER,
          "no cluster serves queue " + parentQueue + " with Spark " + sparkVersion + " ("
              + describe(excluded) + ")");
    }
    int total = eligible.stream().mapToInt(ClusterConfig::weight).sum();
    int draw = random.nextInt(total);
    ClusterConfig chosen = eligible.get(eligible.size() - 1);
    for (ClusterConfig cluster : eligible) {
      if (draw < cluster.weight()) {
        chosen = cluster;
        break;
      }
      draw -= cluster.weight();
    }
    return new RoutingDecision(chosen.id(), eligible.stream().map(ClusterConfig::id).toList(), excluded);
  }

  private RoutingDecision choosePinned(String clusterId, String sparkVersion) {
    ClusterConfig cluster = clusters.stream().filter(c -> c.id().equals(clusterId)).findFirst()
        .orElseThrow(() -> new GatewayException(ErrorCode.UNKNOWN_CLUSTER,
            "clusterId: '" + clusterId + "' is not a configured cluster"));
    if (!cluster.supportsSparkVersion(sparkVersion)) {
      throw new GatewayException(ErrorCode.UNSUPPORTED_SPARK_VERSION,
          "sparkVersion: cluster " + clusterId + " does not support Spark " + sparkVersion
              + "; it supports " + cluster.sparkVersions());
    }
    return new RoutingDecision(cluster.id(), List.of(cluster.id()), Map.of("*", "pinned by clusterId"));
  }

  private List<String> supportedVersions() {
    return clusters.stream().filter(c -> c.weight() > 0).flatMap(c -> c.sparkVersions().stream())
        .distinct().sorted().toList();
  }

  private static String describe(Map<String, String> excluded) {
    List<String> parts = new ArrayList<>();
    excluded.forEach((id, why) -> parts.add(id + ": " + why));
    return String.join("; ", parts);
  }
}
