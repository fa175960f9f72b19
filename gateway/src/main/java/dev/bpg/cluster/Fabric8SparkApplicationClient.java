package dev.bpg.cluster;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.submission.model.SparkApplicationManifest;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link SparkApplicationClient} over one shared fabric8 client; it translates fabric8's failures. */
public final class Fabric8SparkApplicationClient implements SparkApplicationClient {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final String clusterId;
  private final KubernetesClient client;
  private final ObjectMapper json;

  public Fabric8SparkApplicationClient(String clusterId, KubernetesClient client, ObjectMapper json) {
    this.clusterId = requireNonNull(clusterId, "clusterId is null");
    this.client = requireNonNull(client, "client is null");
    this.json = requireNonNull(json, "json is null");
  }

  @Override
  public String clusterId() {
    return clusterId;
  }

  @Override
  public void create(SparkApplicationManifest manifest) {
    GenericKubernetesResource resource = new GenericKubernetesResource();
    resource.setApiVersion(SparkApplicationManifest.API_VERSION);
    resource.setKind(SparkApplicationManifest.KIND);
    resource.setMetadata(new ObjectMetaBuilder()
        .withName(manifest.name())
        .withNamespace(manifest.namespace())
        .withLabels(manifest.labels())
        .withAnnotations(manifest.annotations())
        .build());
    resource.setAdditionalProperty("spec", json.convertValue(manifest.spec(), MAP));
    try {
      client.genericKubernetesResources(SparkApplicationResources.CONTEXT)
          .inNamespace(manifest.namespace())
          .resource(resource)
          .create();
    } catch (KubernetesClientException e) {
      throw translate(e, "create SparkApplication " + manifest.name());
    }
  }

  @Override
  public boolean delete(String namespace, String name) {
    try {
      return !client.genericKubernetesResources(SparkApplicationResources.CONTEXT)
          .inNamespace(namespace)
          .withName(name)
          .delete()
          .isEmpty();
    } catch (KubernetesClientException e) {
      throw translate(e, "delete SparkApplication " + name);
    }
  }

  @Override
  public Optional<PodSummary> findPod(String namespace, String podName) {
    try {
      Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
      if (pod == null) {
        return Optional.empty();
      }
      String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
      Instant start = pod.getStatus() == null ? null
          : SparkApplicationResources.instant(pod.getStatus().getStartTime());
      return Optional.of(new PodSummary(podName, phase, start));
    } catch (KubernetesClientException e) {
      throw translate(e, "read pod " + podName);
    }
  }

  @Override
  public List<ClusterEvent> events(String namespace, String involvedObjectName) {
    try {
      List<Event> events = client.v1().events().inNamespace(namespace)
          .withField("involvedObject.name", involvedObjectName)
          .list()
          .getItems();
      return events.stream()
          // Filtered again: the field selector is the API server's promise, not every server keeps it.
          .filter(e -> e.getInvolvedObject() != null
              && involvedObjectName.equals(e.getInvolvedObject().getName()))
          .map(e -> new ClusterEvent(timeOf(e), e.getType(), e.getReason(), e.getMessage()))
          .sorted(Comparator.comparing(ClusterEvent::lastTimestamp,
              Comparator.nullsFirst(Comparator.naturalOrder())))
          .toList();
    } catch (KubernetesClientException e) {
      throw translate(e, "list events of " + involvedObjectName);
    }
  }

  private static Instant timeOf(Event event) {
    Instant last = SparkApplicationResources.instant(event.getLastTimestamp());
    return last != null ? last : SparkApplicationResources.instant(event.getFirstTimestamp());
  }

  @Override
  public Optional<InputStream> openLog(String namespace, String podName, boolean follow) {
    try {
      var pod = client.pods().inNamespace(namespace).withName(podName);
      if (pod.get() == null) {
        return Optional.empty();
      }
      return Optional.of(follow ? pod.watchLog().getOutput() : pod.getLogInputStream());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return Optional.empty();
      }
      throw translate(e, "read the log of " + podName);
    }
  }

  private GatewayException translate(KubernetesClientException e, String action) {
    int code = e.getCode();
    if (code == 409) {
      return new GatewayException(ErrorCode.SUBMISSION_EXISTS,
          "cluster " + clusterId + " already has an object of that name: could not " + action, e);
    }
    if (code == 400 || code == 422) {
      return new GatewayException(ErrorCode.CLUSTER_REJECTED, "cluster " + clusterId
          + " refused to " + action + ": " + statusMessage(e), e);
    }
    return new GatewayException(ErrorCode.CLUSTER_UNAVAILABLE, "cluster " + clusterId
        + " is unavailable: could not " + action + (code > 0 ? " (HTTP " + code + ")" : ""), e);
  }

  private static String statusMessage(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null
        ? e.getStatus().getMessage() : "no reason given";
  }
}
