package dev.bpg.config;

import dev.bpg.submission.model.Quantities;
import java.util.List;

/** Checks the {@code policy} sections of clusters and queues, and what secure queues need. */
final class PolicyValidator {
  /** HS256 wants a key of at least 256 bits (RFC 7518, section 3.2). */
  static final int MIN_SECRET_LENGTH = 32;

  private PolicyValidator() {}

  static void validate(PodPolicyConfig policy, String path, List<String> errors) {
    if (policy == null) {
      return;
    }
    if (policy.volumeTypes() != null) {
      for (String type : policy.volumeTypes()) {
        if (!PodPolicyConfig.VOLUME_TYPES.contains(type)) {
          errors.add(
              path + ".volumeTypes: '" + type + "' is not one of " + PodPolicyConfig.VOLUME_TYPES);
        }
      }
    }
    if (policy.hostPathPrefixes() != null) {
      for (String prefix : policy.hostPathPrefixes()) {
        if (prefix == null || !prefix.startsWith("/") || prefix.contains("..")) {
          errors.add(path + ".hostPathPrefixes: '" + prefix + "' is not an absolute path");
        }
      }
    }
    if (policy.maxCoresPerPod() != null && policy.maxCoresPerPod() < 1) {
      errors.add(path + ".maxCoresPerPod: must be at least 1");
    }
    if (policy.maxMemoryPerPod() != null) {
      try {
        if (Quantities.parseMebibytes(policy.maxMemoryPerPod()) <= 0) {
          errors.add(path + ".maxMemoryPerPod: must be more than nothing");
        }
      } catch (IllegalArgumentException e) {
        errors.add(path + ".maxMemoryPerPod: " + e.getMessage());
      }
    }
    if (policy.sparkConfKeys() != null) {
      for (String key : policy.sparkConfKeys()) {
        if (key == null || !key.startsWith("spark.kubernetes.")) {
          errors.add(
              path
                  + ".sparkConfKeys: '"
                  + key
                  + "' is not a spark.kubernetes.* key (others need no allowing)");
        }
      }
    }
  }

  /** Secure queues need secrets to check their tokens with, and the secrets must be strong. */
  static void validateQueueTokens(List<QueueConfig> queues, AuthConfig auth, List<String> errors) {
    boolean anySecure = queues.stream().anyMatch(QueueConfig::secure);
    if (anySecure && auth.queueTokenSecrets().isEmpty()) {
      errors.add(
          "auth.queueTokenSecrets: a queue is secure, so at least one secret is needed to check its"
              + " tokens");
    }
    for (int i = 0; i < auth.queueTokenSecrets().size(); i++) {
      String secret = auth.queueTokenSecrets().get(i);
      if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
        errors.add(
            "auth.queueTokenSecrets["
                + i
                + "]: must be at least "
                + MIN_SECRET_LENGTH
                + " characters (HS256 wants 256 bits)");
      }
    }
  }
}
