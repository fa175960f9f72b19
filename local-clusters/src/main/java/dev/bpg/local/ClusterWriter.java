package dev.bpg.local;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The writes of a local operator to its cluster. Every method throws {@link
 * KubernetesClientException} when the API server refuses the write. Status goes through the status
 * subresource as a JSON merge patch without a field manager, the way the real operator and kubelet
 * write it (and the fabric8 mock ignores a status patch that carries a query string).
 */
final class ClusterWriter {

  /** The event types of Kubernetes. */
  enum EventType {
    NORMAL("Normal"),
    WARNING("Warning");

    private final String value;

    EventType(String value) {
      this.value = value;
    }
  }

  private static final PatchContext MERGE_PATCH = PatchContext.of(PatchType.JSON_MERGE);
  private static final PatchContext JSON_PATCH = PatchContext.of(PatchType.JSON);

  private final KubernetesClient client;
  private final Clock clock;
  private final Random random;

  ClusterWriter(KubernetesClient client, Clock clock, Random random) {
    this.client = requireNonNull(client, "client is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.random = requireNonNull(random, "random is null");
  }

  /**
   * Merges {@code status} into the application's status. Keep lists and nulls out of it: the mock
   * appends to lists and stores nulls instead of removing the field.
   */
  void patchApplicationStatus(ApplicationRef app, Map<String, Object> status) {
    client
        .genericKubernetesResources(SparkApplicationResource.CONTEXT)
        .inNamespace(app.namespace())
        .withName(app.name())
        .subresource("status")
        .patch(MERGE_PATCH, client.getKubernetesSerialization().asJson(Map.of("status", status)));
  }

  /** Deletes the application; one that is already gone is fine. */
  void deleteApplication(ApplicationRef app) {
    client
        .genericKubernetesResources(SparkApplicationResource.CONTEXT)
        .inNamespace(app.namespace())
        .withName(app.name())
        .delete();
  }

  /**
   * Creates the pod, or returns the existing one of that name (when a restarted operator resumes a
   * run).
   */
  Pod createPod(Pod pod) {
    try {
      return client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      return client
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .require();
    }
  }

  /**
   * Writes a pod's status the way the kubelet does, through the status subresource. A JSON patch
   * that sets the whole status, because the mock applies a merge patch by appending to lists
   * (conditions, containerStatuses) where a real API server replaces them.
   */
  void replacePodStatus(String namespace, String pod, PodStatus status) {
    // "add" replaces an existing member and also works on a pod that has no status yet.
    Map<String, Object> operation = Map.of("op", "add", "path", "/status", "value", status);
    client
        .pods()
        .inNamespace(namespace)
        .withName(pod)
        .subresource("status")
        .patch(JSON_PATCH, client.getKubernetesSerialization().asJson(List.of(operation)));
  }

  /** Deletes the pods that carry all the given labels. */
  void deletePods(String namespace, Map<String, String> labels) {
    client.pods().inNamespace(namespace).withLabels(labels).delete();
  }

  /**
   * Records a v1 event about an object of the application.
   *
   * @param component the reporting component, e.g. {@code spark-operator} or {@code kubelet}
   */
  void recordEvent(
      ApplicationRef app,
      ObjectReference involved,
      EventType type,
      String reason,
      String message,
      String component) {
    String now = KubernetesTime.format(clock.instant());
    byte[] suffix = new byte[8];
    random.nextBytes(suffix);
    client
        .v1()
        .events()
        .inNamespace(app.namespace())
        .resource(
            new EventBuilder()
                .withNewMetadata()
                // Named like the events of a real cluster: the object's name and a unique hex
                // suffix.
                .withName(involved.getName() + "." + HexFormat.of().formatHex(suffix))
                .withNamespace(app.namespace())
                .addToLabels(SparkPods.APPLICATION_UID_LABEL, app.uid())
                .endMetadata()
                .withInvolvedObject(involved)
                .withType(type.value)
                .withReason(reason)
                .withMessage(message)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withNewSource()
                .withComponent(component)
                .endSource()
                .withReportingComponent(component)
                .withReportingInstance(SparkPods.NODE_NAME)
                .build())
        .create();
  }

  /**
   * Deletes the events recorded for an application. A real API server expires events after an hour;
   * the mock never does, and every stored object slows its lookups, so the local operator removes
   * them with the application.
   */
  void deleteEvents(ApplicationRef app) {
    client
        .v1()
        .events()
        .inNamespace(app.namespace())
        .withLabel(SparkPods.APPLICATION_UID_LABEL, app.uid())
        .delete();
  }

  /**
   * The API server's own message (e.g. {@code pods "x" not found}) rather than fabric8's long one.
   */
  static String apiServerMessage(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage();
    }
    return e.getMessage();
  }

  /** A reference to the application, for its events. */
  static ObjectReference applicationReference(ApplicationRef app) {
    return reference(
        SparkApplicationResource.API_VERSION,
        SparkApplicationResource.KIND,
        app.namespace(),
        app.name(),
        app.uid());
  }

  /** A reference to a pod, for its events. */
  static ObjectReference podReference(Pod pod) {
    return reference(
        "v1",
        "Pod",
        pod.getMetadata().getNamespace(),
        pod.getMetadata().getName(),
        pod.getMetadata().getUid());
  }

  private static ObjectReference reference(
      String apiVersion, String kind, String namespace, String name, String uid) {
    ObjectReference reference = new ObjectReference();
    reference.setApiVersion(apiVersion);
    reference.setKind(kind);
    reference.setNamespace(namespace);
    reference.setName(name);
    reference.setUid(uid);
    return reference;
  }
}
