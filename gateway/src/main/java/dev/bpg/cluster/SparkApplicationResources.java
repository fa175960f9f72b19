package dev.bpg.cluster;

import dev.bpg.submission.ApplicationState;
import dev.bpg.submission.ApplicationStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/** How SparkApplications look to fabric8, and how their status reads as the gateway's model. */
public final class SparkApplicationResources {
  public static final ResourceDefinitionContext CONTEXT =
      new ResourceDefinitionContext.Builder()
          .withGroup("sparkoperator.k8s.io")
          .withVersion("v1beta2")
          .withKind("SparkApplication")
          .withPlural("sparkapplications")
          .withNamespaced(true)
          .build();

  private SparkApplicationResources() {}

  public static ApplicationStatus statusOf(GenericKubernetesResource resource) {
    Object raw = resource.getAdditionalProperties().get("status");
    if (!(raw instanceof Map<?, ?> status)) {
      return ApplicationStatus.unknown();
    }
    Map<?, ?> applicationState = mapAt(status, "applicationState");
    Map<?, ?> driverInfo = mapAt(status, "driverInfo");
    Map<String, String> executors = new LinkedHashMap<>();
    mapAt(status, "executorState")
        .forEach((k, v) -> executors.put(String.valueOf(k), String.valueOf(v)));
    return new ApplicationStatus(
        ApplicationState.parse(text(applicationState.get("state"))),
        text(applicationState.get("errorMessage")),
        text(status.get("sparkApplicationId")),
        integer(status.get("executionAttempts")),
        instant(text(status.get("terminationTime"))),
        text(driverInfo.get("podName")),
        executors);
  }

  public static Instant creationTime(GenericKubernetesResource resource, Instant fallback) {
    Instant created = instant(resource.getMetadata().getCreationTimestamp());
    return created == null ? fallback : created;
  }

  private static Map<?, ?> mapAt(Map<?, ?> map, String key) {
    Object value = map.get(key);
    return value instanceof Map<?, ?> m ? m : Map.of();
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  private static Integer integer(Object value) {
    if (value instanceof Number n) {
      return n.intValue();
    }
    try {
      return value == null ? null : Integer.valueOf(value.toString());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static Instant instant(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
