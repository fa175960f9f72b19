package dev.bpg.config;

import java.util.List;

/** A container image and the application types and Spark version it serves. */
public record SparkImageConfig(String name, List<String> types, String version) {
  public SparkImageConfig {
    types = types == null ? List.of() : List.copyOf(types);
  }

  public boolean serves(String type, String sparkVersion) {
    return version != null
        && version.equalsIgnoreCase(sparkVersion)
        && types.stream().anyMatch(t -> t.equalsIgnoreCase(type));
  }
}
