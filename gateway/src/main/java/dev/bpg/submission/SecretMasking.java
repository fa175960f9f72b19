package dev.bpg.submission;

import dev.bpg.config.SparkConfig;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which Spark settings are secrets, and how they look outside the cluster: {@code ***}. The
 * SparkApplication the gateway creates carries the real values (the cluster needs them); what the
 * database keeps and what any answer shows carries the mask.
 */
public final class SecretMasking {
  public static final String MASK = "***";

  private final Set<String> secretKeys;
  private final Pattern secretKeyPattern;

  public SecretMasking(SparkConfig spark) {
    this.secretKeys = Set.copyOf(spark.secretKeys());
    this.secretKeyPattern = Pattern.compile(spark.secretKeyPattern());
  }

  public boolean isSecret(String key) {
    return secretKeys.contains(key) || secretKeyPattern.matcher(key).matches();
  }

  /** The settings with every secret value replaced by {@link #MASK}. */
  public Map<String, String> mask(Map<String, String> conf) {
    if (conf == null) {
      return null;
    }
    Map<String, String> masked = new TreeMap<>();
    conf.forEach((key, value) -> masked.put(key, isSecret(key) ? MASK : value));
    return masked;
  }
}
