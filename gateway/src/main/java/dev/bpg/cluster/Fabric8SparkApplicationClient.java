package dev.bpg.cluster;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.submission.ClusterEvent;
import dev.bpg.submission.PodSummary;
import dev.bpg.submission.SparkApplicationClient;
import dev.bpg.submission.model.SparkApplicationManifest;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link SparkApplicationClient} over one shared fabric8 client; it translates fabric8's failures.
 */
public final class Fabric8SparkApplicationClient implements SparkApplicationClient {

  private final String clusterId;
  private final KubernetesClient client;
  private final ObjectMapper json;
  private final ObjectWriter body;

  private final Duration requestTimeout;

  public Fabric8SparkApplicationClient(
      String clusterId, KubernetesClient client, ObjectMapper json, Duration requestTimeout) {
    this.clusterId = requireNonNull(clusterId, "clusterId is null");
    this.client = requireNonNull(client, "client is null");
    this.json = requireNonNull(json, "json is null");
    // A character outside the Basic Multilingual Plane as one UTF-8 sequence, as an API server
    // reads it, not as two encoded surrogates.
    this.body = json.writer().with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);
    this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout is null");
  }

  @Override
  public String clusterId() {
    return clusterId;
  }

  /**
   * Creates through the client's own HTTP client (its authentication, TLS and proxy settings), with
   * the body written once and the answer not parsed into objects: the create is on every submit's
   * path, and the gateway needs only its status code.
   */
  @Override
  public void create(SparkApplicationManifest manifest) {
    ObjectNode resource = json.createObjectNode();
    resource.put("apiVersion", SparkApplicationManifest.API_VERSION);
    resource.put("kind", SparkApplicationManifest.KIND);
    ObjectNode metadata = resource.putObject("metadata");
    metadata.put("name", manifest.name());
    metadata.put("namespace", manifest.namespace());
    metadata.set("labels", json.valueToTree(manifest.labels()));
    metadata.set("annotations", json.valueToTree(manifest.annotations()));
    resource.set("spec", json.valueToTree(manifest.spec()));
    String action = "create SparkApplication " + manifest.name();
    HttpResponse<String> response;
    try {
      HttpRequest request =
          client
              .getHttpClient()
              .newHttpRequestBuilder()
              .uri(collectionUrl(manifest.namespace()))
              .post("application/json", body.writeValueAsBytes(resource))
              .build();
      response =
          client
              .getHttpClient()
              .sendAsync(request, String.class)
              .get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (JsonProcessingException e) {
      throw new GatewayException(
          ErrorCode.INTERNAL_ERROR, "could not write the SparkApplication", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(action, "interrupted", e);
    } catch (ExecutionException e) {
      throw unavailable(action, describe(e.getCause()), e.getCause());
    } catch (TimeoutException e) {
      throw unavailable(action, "no answer within " + requestTimeout.toMillis() + " ms", e);
    }
    int code = response.code();
    if (code == 200 || code == 201 || code == 202) {
      return;
    }
    String reason = statusMessage(response.body());
    if (code == 409) {
      throw new GatewayException(
          ErrorCode.SUBMISSION_EXISTS,
          "cluster " + clusterId + " already has an object of that name: could not " + action);
    }
    if (code == 429 || code == 408 || code >= 500 || code < 400) {
      // The cluster failed this call (overloaded, a failing webhook or etcd): not the request's
      // fault, and not proof that the cluster is down either.
      throw new GatewayException(
          ErrorCode.CLUSTER_FAILED,
          "cluster " + clusterId + " failed to " + action + " (HTTP " + code + "): " + reason);
    }
    // 400, 403 (an admission webhook's denial, RBAC), 404, 413, 422, ...: the request's failure.
    throw new GatewayException(
        ErrorCode.CLUSTER_REJECTED,
        "cluster " + clusterId + " refused to " + action + " (HTTP " + code + "): " + reason);
  }

  private String collectionUrl(String namespace) {
    String master = client.getMasterUrl().toString();
    return (master.endsWith("/") ? master : master + "/")
        + "apis/sparkoperator.k8s.io/v1beta2/namespaces/"
        + namespace
        + "/sparkapplications";
  }

  private GatewayException unavailable(String action, String why, Throwable cause) {
    return new GatewayException(
        ErrorCode.CLUSTER_UNAVAILABLE,
        "cluster " + clusterId + " is unavailable: could not " + action + " (" + why + ")",
        cause);
  }

  private static String describe(Throwable cause) {
    if (cause == null) {
      return "unreachable";
    }
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String name =
        root.getClass()
            .getSimpleName()
            .replace("Exception", "")
            .replaceAll("([a-z])([A-Z])", "$1 $2")
            .toLowerCase(Locale.ROOT);
    return name.isBlank() ? "unreachable" : name;
  }

  /** The message of a Kubernetes Status answer, when the body is one. */
  private String statusMessage(String body) {
    try {
      String message = json.readTree(body).path("message").asText("");
      return message.isBlank() ? "no reason given" : message;
    } catch (IOException | RuntimeException e) {
      return "no reason given";
    }
  }

  @Override
  public boolean exists(String namespace, String name) {
    try {
      return client
              .genericKubernetesResources(SparkApplicationResources.CONTEXT)
              .inNamespace(namespace)
              .withName(name)
              .get()
          != null;
    } catch (KubernetesClientException e) {
      throw translate(e, "read SparkApplication " + name);
    }
  }

  @Override
  public boolean delete(String namespace, String name) {
    try {
      return !client
          .genericKubernetesResources(SparkApplicationResources.CONTEXT)
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
      Instant start =
          pod.getStatus() == null
              ? null
              : SparkApplicationResources.instant(pod.getStatus().getStartTime());
      return Optional.of(new PodSummary(podName, phase, start));
    } catch (KubernetesClientException e) {
      throw translate(e, "read pod " + podName);
    }
  }

  @Override
  public List<ClusterEvent> events(String namespace, String involvedObjectName) {
    try {
      List<Event> events =
          client
              .v1()
              .events()
              .inNamespace(namespace)
              .withField("involvedObject.name", involvedObjectName)
              .list()
              .getItems();
      return events.stream()
          // Filtered again: the field selector is the API server's promise, not every server keeps
          // it.
          .filter(
              e ->
                  e.getInvolvedObject() != null
                      && involvedObjectName.equals(e.getInvolvedObject().getName()))
          .map(e -> new ClusterEvent(timeOf(e), e.getType(), e.getReason(), e.getMessage()))
          .sorted(
              Comparator.comparing(
                  ClusterEvent::lastTimestamp, Comparator.nullsFirst(Comparator.naturalOrder())))
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
      return new GatewayException(
          ErrorCode.SUBMISSION_EXISTS,
          "cluster " + clusterId + " already has an object of that name: could not " + action,
          e);
    }
    if (code == 400 || code == 422) {
      return new GatewayException(
          ErrorCode.CLUSTER_REJECTED,
          "cluster " + clusterId + " refused to " + action + ": " + statusMessage(e),
          e);
    }
    return new GatewayException(
        ErrorCode.CLUSTER_UNAVAILABLE,
        "cluster "
            + clusterId
            + " is unavailable: could not "
            + action
            + (code > 0 ? " (HTTP " + code + ")" : ""),
        e);
  }

  private static String statusMessage(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null
        ? e.getStatus().getMessage()
        : "no reason given";
  }
}
