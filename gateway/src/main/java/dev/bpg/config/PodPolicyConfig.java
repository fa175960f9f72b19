package dev.bpg.config;

import java.util.List;

/**
 * What a request may put on a cluster's pods, beyond what the platform configures itself: a {@code
 * policy} section of a cluster, which a queue's own {@code policy} overrides key by key. Every key
 * is optional; an absent key means its safe default (in brackets):
 *
 * <ul>
 *   <li>{@code serviceAccounts}: accounts a request may name besides the cluster's {@code
 *       serviceAccount} [none];
 *   <li>{@code volumeTypes}: kinds of volume a request may bring ({@code emptyDir}, {@code
 *       configMap}, {@code hostPath}) besides the cluster's own volumes [none];
 *   <li>{@code hostPathPrefixes}: host paths a {@code hostPath} volume may be under [none];
 *   <li>{@code secrets}, {@code configMaps}: names a request may read through {@code
 *       env[].valueFrom} (and, for config maps, mount) [none];
 *   <li>{@code allowPrivileged}: {@code privileged} and {@code allowPrivilegeEscalation} [false];
 *   <li>{@code allowRoot}: {@code runAsUser: 0}, {@code runAsGroup: 0} [false];
 *   <li>{@code maxCoresPerPod}, {@code maxMemoryPerPod}: the most one driver or executor may ask
 *       for [16 cores, 128g];
 *   <li>{@code sparkConfKeys}: {@code spark.kubernetes.*} keys a request may set besides the safe
 *       few the gateway allows [none].
 * </ul>
 */
public record PodPolicyConfig(
    List<String> serviceAccounts,
    List<String> volumeTypes,
    List<String> hostPathPrefixes,
    List<String> secrets,
    List<String> configMaps,
    Boolean allowPrivileged,
    Boolean allowRoot,
    Integer maxCoresPerPod,
    String maxMemoryPerPod,
    List<String> sparkConfKeys) {

  public static final List<String> VOLUME_TYPES = List.of("emptyDir", "configMap", "hostPath");

  public PodPolicyConfig {
    serviceAccounts = serviceAccounts == null ? null : List.copyOf(serviceAccounts);
    volumeTypes = volumeTypes == null ? null : List.copyOf(volumeTypes);
    hostPathPrefixes = hostPathPrefixes == null ? null : List.copyOf(hostPathPrefixes);
    secrets = secrets == null ? null : List.copyOf(secrets);
    configMaps = configMaps == null ? null : List.copyOf(configMaps);
    sparkConfKeys = sparkConfKeys == null ? null : List.copyOf(sparkConfKeys);
  }

  /** No key set: every default holds. */
  public static final PodPolicyConfig DEFAULTS =
      new PodPolicyConfig(null, null, null, null, null, null, null, null, null, null);

  /** This policy with the keys {@code override} sets replaced by its values. */
  public PodPolicyConfig overriddenBy(PodPolicyConfig override) {
    if (override == null) {
      return this;
    }
    return new PodPolicyConfig(
        pick(override.serviceAccounts, serviceAccounts),
        pick(override.volumeTypes, volumeTypes),
        pick(override.hostPathPrefixes, hostPathPrefixes),
        pick(override.secrets, secrets),
        pick(override.configMaps, configMaps),
        pick(override.allowPrivileged, allowPrivileged),
        pick(override.allowRoot, allowRoot),
        pick(override.maxCoresPerPod, maxCoresPerPod),
        pick(override.maxMemoryPerPod, maxMemoryPerPod),
        pick(override.sparkConfKeys, sparkConfKeys));
  }

  private static <T> T pick(T override, T base) {
    return override != null ? override : base;
  }
}
