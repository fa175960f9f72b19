package dev.bpg.submission.policy;

import static java.util.Objects.requireNonNull;

import dev.bpg.config.ClusterConfig;
import dev.bpg.config.PodPolicyConfig;
import dev.bpg.config.QueueConfig;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The pod policy that holds for one submission: the cluster's {@code policy}, overridden key by key
 * by its parent queue's and then its queue's, with the safe default for every key none of them set.
 */
public record PodPolicy(
    Set<String> serviceAccounts,
    Set<String> volumeTypes,
    List<String> hostPathPrefixes,
    Set<String> secrets,
    Set<String> configMaps,
    boolean allowPrivileged,
    boolean allowRoot,
    int maxCoresPerPod,
    String maxMemoryPerPod,
    Set<String> sparkConfKeys) {

  public static final int DEFAULT_MAX_CORES_PER_POD = 16;
  public static final String DEFAULT_MAX_MEMORY_PER_POD = "128g";

  public PodPolicy {
    serviceAccounts = Set.copyOf(serviceAccounts);
    volumeTypes = Set.copyOf(volumeTypes);
    hostPathPrefixes = List.copyOf(hostPathPrefixes);
    secrets = Set.copyOf(secrets);
    configMaps = Set.copyOf(configMaps);
    requireNonNull(maxMemoryPerPod, "maxMemoryPerPod is null");
    sparkConfKeys = Set.copyOf(sparkConfKeys);
  }

  /**
   * The policy of a submission to {@code queue} (whose parent is {@code parent}) on {@code
   * cluster}.
   */
  public static PodPolicy of(ClusterConfig cluster, QueueConfig parent, QueueConfig queue) {
    PodPolicyConfig merged = cluster.policy().overriddenBy(parent.policy());
    if (queue != parent) {
      merged = merged.overriddenBy(queue.policy());
    }
    Set<String> accounts = new LinkedHashSet<>();
    if (cluster.serviceAccount() != null) {
      accounts.add(cluster.serviceAccount());
    }
    accounts.addAll(orEmpty(merged.serviceAccounts()));
    return new PodPolicy(
        accounts,
        Set.copyOf(orEmpty(merged.volumeTypes())),
        orEmpty(merged.hostPathPrefixes()),
        Set.copyOf(orEmpty(merged.secrets())),
        Set.copyOf(orEmpty(merged.configMaps())),
        Boolean.TRUE.equals(merged.allowPrivileged()),
        Boolean.TRUE.equals(merged.allowRoot()),
        merged.maxCoresPerPod() == null ? DEFAULT_MAX_CORES_PER_POD : merged.maxCoresPerPod(),
        merged.maxMemoryPerPod() == null ? DEFAULT_MAX_MEMORY_PER_POD : merged.maxMemoryPerPod(),
        Set.copyOf(orEmpty(merged.sparkConfKeys())));
  }

  private static <T> List<T> orEmpty(List<T> values) {
    return values == null ? List.of() : values;
  }
}
