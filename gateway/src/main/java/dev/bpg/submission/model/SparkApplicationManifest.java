package dev.bpg.submission.model;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * Everything needed to create one SparkApplication on a cluster: metadata plus spec. Labels carry
 * normalized values for selectors; annotations carry exact values such as the owner's name.
 */
public record SparkApplicationManifest(
    String name,
    String namespace,
    Map<String, String> labels,
    Map<String, String> annotations,
    SparkApplicationSpec spec) {

  public static final String API_VERSION = "sparkoperator.k8s.io/v1beta2";
  public static final String KIND = "SparkApplication";

  public SparkApplicationManifest {
    requireNonNull(name, "name is null");
    requireNonNull(namespace, "namespace is null");
    labels = Map.copyOf(requireNonNull(labels, "labels is null"));
    annotations = Map.copyOf(requireNonNull(annotations, "annotations is null"));
    requireNonNull(spec, "spec is null");
  }
}
