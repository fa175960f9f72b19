package dev.bpg.local;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds {@code SparkApplication} objects for tests, shaped like the ones the gateway submits. */
final class ApplicationBuilder {

  private final String name;
  private final Map<String, String> sparkConf = new LinkedHashMap<>();
  private String mainClass = "org.apache.spark.examples.SparkPi";
  private List<String> arguments = List.of("10");
  private int executors = 1;
  private Integer timeToLiveSeconds;

  private ApplicationBuilder(String name) {
    this.name = requireNonNull(name, "name is null");
  }

  static ApplicationBuilder application(String name) {
    return new ApplicationBuilder(name).duration("200ms");
  }

  ApplicationBuilder duration(String duration) {
    sparkConf.put(RunPlan.DURATION_PROPERTY, duration);
    return this;
  }

  ApplicationBuilder outcome(String outcome) {
    sparkConf.put(RunPlan.OUTCOME_PROPERTY, outcome);
    return this;
  }

  ApplicationBuilder sparkConf(String property, String value) {
    sparkConf.put(property, value);
    return this;
  }

  ApplicationBuilder mainClass(String mainClass, String... arguments) {
    this.mainClass = mainClass;
    this.arguments = List.of(arguments);
    return this;
  }

  ApplicationBuilder executors(int executors) {
    this.executors = executors;
    return this;
  }

  ApplicationBuilder timeToLiveSeconds(int seconds) {
    this.timeToLiveSeconds = seconds;
    return this;
  }

  GenericKubernetesResource build() {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("type", "Scala");
    spec.put("mode", "cluster");
    spec.put("image", "apache/spark:3.5.0");
    spec.put("sparkVersion", "3.5.0");
    spec.put("mainClass", mainClass);
    spec.put("mainApplicationFile", "local:///opt/spark/examples/jars/spark-examples.jar");
    spec.put("arguments", arguments);
    spec.put("sparkConf", Map.copyOf(sparkConf));
    spec.put(
        "driver",
        Map.of(
            "cores", 1, "memory", "2g", "serviceAccount", "spark", "labels", Map.of("team", "a")));
    spec.put("executor", Map.of("cores", 2, "memory", "4g", "instances", executors));
    if (timeToLiveSeconds != null) {
      spec.put("timeToLiveSeconds", timeToLiveSeconds);
    }
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(SparkApplicationResource.API_VERSION)
        .withKind(SparkApplicationResource.KIND)
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }
}
