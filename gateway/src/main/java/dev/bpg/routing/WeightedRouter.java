package dev.bpg.routing;

import static java.util.Objects.requireNonNull;

import dev.bpg.config.ClusterConfig;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Weighted random choice among the clusters that serve the queue's parent and the Spark version and
 * are up. A cluster is picked with probability (its effective weight) / (sum of the effective
 * weights), where the effective weight is the configured weight scaled by the cluster's share of
 * free room when it has limits. Weight 0 takes a cluster out of routing but not out of reads. One
 * draw per decision, from the injected {@link RandomSource}; the other clusters with room follow as
 * fallbacks, heaviest first. When every cluster that is up is full, the decision says to queue.
 */
public final class WeightedRouter implements ClusterRouter {
  private final List<ClusterConfig> clusters;
  private final RandomSource random;
  private final ClusterConditions conditions;

  public WeightedRouter(List<ClusterConfig> clusters, RandomSource random) {
    this(clusters, random, ClusterConditions.none());
  }

  public WeightedRouter(
      List<ClusterConfig> clusters, RandomSource random, ClusterConditions conditions) {
    this.clusters = List.copyOf(requireNonNull(clusters, "clusters is null"));
    this.random = requireNonNull(random, "random is null");
    this.conditions = requireNonNull(conditions, "conditions is null");
  }

  @Override
  public RoutingDecision choose(
      String parentQueue, String sparkVersion, Optional<String> pinnedClusterId) {
    requireNonNull(parentQueue, "parentQueue is null");
    requireNonNull(sparkVersion, "sparkVersion is null");
    requireNonNull(pinnedClusterId, "pinnedClusterId is null");
    if (pinnedClusterId.isPresent()) {
      return choosePinned(pinnedClusterId.get(), sparkVersion);
    }
    List<ClusterConfig> serving = new ArrayList<>();
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
        serving.add(cluster);
      }
    }
    if (serving.isEmpty()) {
      if (!anyHasVersion) {
        throw new GatewayException(
            ErrorCode.UNSUPPORTED_SPARK_VERSION,
            "sparkVersion: "
                + sparkVersion
                + " is not supported by any cluster; supported: "
                + supportedVersions());
      }
      throw new GatewayException(
          ErrorCode.NO_ELIGIBLE_CLUSTER,
          "no cluster serves queue "
              + parentQueue
              + " with Spark "
              + sparkVersion
              + " ("
              + describe(excluded)
              + ")");
    }
    List<ClusterConfig> up = new ArrayList<>();
    for (ClusterConfig cluster : serving) {
      Optional<String> down = conditions.unavailability(cluster.id());
      if (down.isPresent()) {
        excluded.put(cluster.id(), "down: " + down.get());
      } else {
        up.add(cluster);
      }
    }
    if (up.isEmpty()) {
      throw new GatewayException(
          ErrorCode.CLUSTER_UNAVAILABLE,
          "every cluster that serves queue "
              + parentQueue
              + " with Spark "
              + sparkVersion
              + " is down ("
              + describe(excluded)
              + "); try again shortly");
    }
    Map<ClusterConfig, Integer> withRoom = new LinkedHashMap<>();
    for (ClusterConfig cluster : up) {
      Optional<String> paced = conditions.paced(cluster.id());
      if (paced.isPresent()) {
        excluded.put(cluster.id(), "paced: " + paced.get());
        continue;
      }
      ClusterLoad load = conditions.load(cluster.id());
      OptionalInt free = load.freeRoom(cluster);
      if (free.isEmpty()) {
        withRoom.put(cluster, cluster.weight());
      } else if (free.getAsInt() > 0) {
        long scaled = Math.round(cluster.weight() * load.roomShare(cluster));
        withRoom.put(cluster, (int) Math.max(1, scaled));
      } else {
        excluded.put(
            cluster.id(), "full: " + load.running() + " running, " + load.pending() + " pending");
      }
    }
    List<String> eligibleIds = up.stream().map(ClusterConfig::id).toList();
    if (withRoom.isEmpty()) {
      Map<ClusterConfig, Integer> byWeight = new LinkedHashMap<>();
      up.forEach(c -> byWeight.put(c, c.weight()));
      return new RoutingDecision(draw(byWeight).id(), List.of(), eligibleIds, excluded, true);
    }
    ClusterConfig chosen = draw(withRoom);
    List<String> fallbacks =
        withRoom.entrySet().stream()
            .filter(e -> e.getKey() != chosen)
            .sorted(Map.Entry.<ClusterConfig, Integer>comparingByValue(Comparator.reverseOrder()))
            .map(e -> e.getKey().id())
            .toList();
    return new RoutingDecision(chosen.id(), fallbacks, eligibleIds, excluded, false);
  }

  /**
   * One weighted draw; entries keep the configuration's order, so a given draw always picks the
   * same.
   */
  private ClusterConfig draw(Map<ClusterConfig, Integer> weights) {
    int total = weights.values().stream().mapToInt(Integer::intValue).sum();
    int draw = random.nextInt(total);
    ClusterConfig last = null;
    for (Map.Entry<ClusterConfig, Integer> entry : weights.entrySet()) {
      last = entry.getKey();
      if (draw < entry.getValue()) {
        return entry.getKey();
      }
      draw -= entry.getValue();
    }
    return last;
  }

  private RoutingDecision choosePinned(String clusterId, String sparkVersion) {
    ClusterConfig cluster =
        clusters.stream()
            .filter(c -> c.id().equals(clusterId))
            .findFirst()
            .orElseThrow(
                () ->
                    new GatewayException(
                        ErrorCode.UNKNOWN_CLUSTER,
                        "clusterId: '" + clusterId + "' is not a configured cluster"));
    if (!cluster.supportsSparkVersion(sparkVersion)) {
      throw new GatewayException(
          ErrorCode.UNSUPPORTED_SPARK_VERSION,
          "sparkVersion: cluster "
              + clusterId
              + " does not support Spark "
              + sparkVersion
              + "; it supports "
              + cluster.sparkVersions());
    }
    Optional<String> down = conditions.unavailability(clusterId);
    if (down.isPresent()) {
      throw new GatewayException(
          ErrorCode.CLUSTER_UNAVAILABLE,
          "clusterId: cluster " + clusterId + " is down (" + down.get() + "); try again shortly");
    }
    ClusterLoad load = conditions.load(clusterId);
    boolean full = load.freeRoom(cluster).orElse(1) == 0 || conditions.paced(clusterId).isPresent();
    return new RoutingDecision(
        cluster.id(), List.of(), List.of(cluster.id()), Map.of("*", "pinned by clusterId"), full);
  }

  private List<String> supportedVersions() {
    return clusters.stream()
        .filter(c -> c.weight() > 0)
        .flatMap(c -> c.sparkVersions().stream())
        .distinct()
        .sorted()
        .toList();
  }

  private static String describe(Map<String, String> excluded) {
    List<String> parts = new ArrayList<>();
    excluded.forEach((id, why) -> parts.add(id + ": " + why));
    return String.join("; ", parts);
  }
}
