package dev.bpg.config;

import java.util.List;
import java.util.Map;

/**
 * Spark settings that hold for every cluster: the lowest-priority defaults, the enforced settings
 * that no request can override, and the images by type and version.
 */
public record SparkConfig(
    Map<String, String> defaultSparkConf,
    Map<String, String> fixedSparkConf,
    List<SparkImageConfig> images) {
  public SparkConfig {
    defaultSparkConf = defaultSparkConf == null ? Map.of() : Map.copyOf(defaultSparkConf);
    fixedSparkConf = fixedSparkConf == null ? Map.of() : Map.copyOf(fixedSparkConf);
    images = images == null ? List.of() : List.copyOf(images);
  }

  public static SparkConfig empty() {
    return new SparkConfig(null, null, null);
  }
}
