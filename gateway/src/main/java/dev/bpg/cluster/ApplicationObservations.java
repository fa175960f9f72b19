package dev.bpg.cluster;

import static java.util.Objects.requireNonNull;

import dev.bpg.submission.ApplicationStatus;
import dev.bpg.submission.SparkApplicationSpecBuilder;
import dev.bpg.submission.TrackedApplication;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a SparkApplication as the gateway tracks it: its status, and whose it is, which queue it is
 * in and how long it may run, from the labels and annotations the gateway put on it. The few
 * distinct cluster, namespace, owner and queue names are stored once however many applications use
 * them, so that a hundred thousand tracked applications cost a few hundred bytes each.
 */
final class ApplicationObservations {
  private static final int MAX_INTERNED = 50_000;

  private final Clock clock;
  private final Map<String, String> interned = new ConcurrentHashMap<>();

  ApplicationObservations(Clock clock) {
    this.clock = requireNonNull(clock, "clock is null");
  }

  TrackedApplication observe(String clusterId, GenericKubernetesResource resource) {
    ObjectMeta meta = resource.getMetadata();
    ApplicationStatus status = SparkApplicationResources.statusOf(resource);
    return new TrackedApplication(
        meta.getName(),
        intern(clusterId),
        intern(meta.getNamespace()),
        intern(ownerOf(meta)),
        intern(annotation(meta, SparkApplicationSpecBuilder.ANNOTATION_SUBMITTED_BY)),
        intern(annotation(meta, SparkApplicationSpecBuilder.ANNOTATION_QUEUE)),
        SparkApplicationResources.creationTime(resource, clock.instant()),
        maxRunningMillisOf(meta),
        status,
        true);
  }

  private String intern(String value) {
    if (value == null) {
      return null;
    }
    String known = interned.putIfAbsent(value, value);
    if (known != null) {
      return known;
    }
    if (interned.size() > MAX_INTERNED) {
      interned.clear();
    }
    return value;
  }

  private static String annotation(ObjectMeta meta, String key) {
    Map<String, String> annotations = meta.getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  private static String ownerOf(ObjectMeta meta) {
    String owner = annotation(meta, SparkApplicationSpecBuilder.ANNOTATION_OWNER);
    if (owner != null) {
      return owner;
    }
    Map<String, String> labels = meta.getLabels();
    return labels == null ? null : labels.get(SparkApplicationSpecBuilder.LABEL_OWNER);
  }

  private static long maxRunningMillisOf(ObjectMeta meta) {
    Map<String, String> labels = meta.getLabels();
    String value =
        labels == null ? null : labels.get(SparkApplicationSpecBuilder.LABEL_MAX_RUNNING_MILLIS);
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
