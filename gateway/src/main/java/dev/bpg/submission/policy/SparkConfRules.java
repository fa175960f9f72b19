package dev.bpg.submission.policy;

import java.util.List;
import java.util.Set;

/**
 * The Spark settings a request may not set, because they decide who the application runs as, where,
 * how it is deployed, which secrets, volumes and pod templates its pods get, or how it
 * authenticates: every {@code spark.kubernetes.*} key but a few safe ones (and those the policy
 * adds), {@code spark.master}, {@code spark.submit.*}, {@code spark.authenticate*} and {@code
 * spark.kerberos.*}. The platform's own settings (defaults, cluster, fixed) are not limited.
 */
final class SparkConfRules {
  /** {@code spark.kubernetes.*} keys that change only how Spark sizes and names its own pods. */
  static final Set<String> SAFE_KUBERNETES_KEYS =
      Set.of(
          "spark.kubernetes.executor.podNamePrefix",
          "spark.kubernetes.memoryOverheadFactor",
          "spark.kubernetes.allocation.batch.size",
          "spark.kubernetes.allocation.batch.delay",
          "spark.kubernetes.executor.deleteOnTermination");

  private static final List<String> REFUSED_PREFIXES =
      List.of("spark.submit.", "spark.authenticate", "spark.kerberos.");

  private SparkConfRules() {}

  /** Why a request may not set {@code key}, if it may not. */
  static String problem(String key, Set<String> allowedByPolicy) {
    if (key.startsWith("spark.kubernetes.")) {
      if (SAFE_KUBERNETES_KEYS.contains(key) || allowedByPolicy.contains(key)) {
        return null;
      }
      return "a request may not set spark.kubernetes.* keys (identity, namespace, secrets, volumes,"
          + " pod templates, authentication) other than "
          + SAFE_KUBERNETES_KEYS.stream().sorted().toList()
          + (allowedByPolicy.isEmpty() ? "" : " and " + allowedByPolicy.stream().sorted().toList())
          + "; the cluster's policy.sparkConfKeys may allow more";
    }
    if (key.equals("spark.master")) {
      return "the master is the cluster's; a request may not set it";
    }
    for (String prefix : REFUSED_PREFIXES) {
      if (key.startsWith(prefix)) {
        return "a request may not set " + prefix + "* (deploy mode, authentication, identity)";
      }
    }
    return null;
  }
}
