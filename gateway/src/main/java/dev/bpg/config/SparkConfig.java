package dev.bpg.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Spark settings that hold for every cluster: the lowest-priority defaults, the enforced settings
 * that no request can override, and the images by type and version. Values of the keys {@code
 * secretKeys} names, and of keys that match {@code secretKeyPattern}, are secrets: the created
 * SparkApplication carries them, but the database and every answer show {@code ***}.
 */
public record SparkConfig(
    Map<String, String> defaultSparkConf,
    Map<String, String> fixedSparkConf,
    List<SparkImageConfig> images,
    List<String> secretKeys,
    String secretKeyPattern) {

  /**
   * Keys that name credentials and key material: passwords, secrets, tokens, credentials, keytabs,
   * key and trust stores, signatures, access keys, and keys ending in {@code .key}.
   */
  public static final String DEFAULT_SECRET_KEY_PATTERN =
      "(?i).*(password|passwd|secret|token|credential|keytab|keystore|truststore|signature"
          + "|access[._-]?key|[._-]key([._-].*)?$).*";

  public SparkConfig {
    defaultSparkConf = defaultSparkConf == null ? Map.of() : Map.copyOf(defaultSparkConf);
    fixedSparkConf = fixedSparkConf == null ? Map.of() : Map.copyOf(fixedSparkConf);
    images = images == null ? List.of() : List.copyOf(images);
    secretKeys = secretKeys == null ? List.of() : List.copyOf(secretKeys);
    secretKeyPattern = secretKeyPattern == null ? DEFAULT_SECRET_KEY_PATTERN : secretKeyPattern;
  }

  /** This configuration with a default Spark property added, unless one is configured for it. */
  public SparkConfig withDefault(String key, String value) {
    if (defaultSparkConf.containsKey(key)) {
      return this;
    }
    Map<String, String> defaults = new HashMap<>(defaultSparkConf);
    defaults.put(key, value);
    return new SparkConfig(defaults, fixedSparkConf, images, secretKeys, secretKeyPattern);
  }

  public SparkConfig(
      Map<String, String> defaultSparkConf,
      Map<String, String> fixedSparkConf,
      List<SparkImageConfig> images) {
    this(defaultSparkConf, fixedSparkConf, images, null, null);
  }

  public static SparkConfig empty() {
    return new SparkConfig(null, null, null);
  }

  @Override
  public String toString() {
    // Default and fixed settings may hold secrets: only their keys are printed.
    return "SparkConfig[defaultSparkConf="
        + defaultSparkConf.keySet()
        + ", fixedSparkConf="
        + fixedSparkConf.keySet()
        + ", images="
        + images
        + "]";
  }
}
