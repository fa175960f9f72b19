package dev.bpg.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Pins down the behaviours of fabric8's CRUD dispatcher that the local API server and operator work
 * around. If one of these tests fails after a fabric8 upgrade, the workaround it names may be
 * removable.
 */
class Fabric8MockBehaviourTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher();

  /**
   * Worked around in {@link ApiRequestHandler}: it applies such selectors to event lists itself.
   */
  @Test
  void eventListIgnoresNoInvolvedObjectSelectorButMatchesNothing() throws Exception {
    send(
        HttpMethod.POST,
        "/api/v1/namespaces/ns/events",
        "{\"apiVersion\":\"v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\"app.1\",\"namespace\":\"ns\"},"
            + "\"involvedObject\":{\"kind\":\"SparkApplication\",\"name\":\"app\"},\"reason\":\"Added\"}");

    JsonNode all =
        MAPPER.readTree(
            send(HttpMethod.GET, "/api/v1/namespaces/ns/events", null).getBody().readUtf8());
    JsonNode selected =
        MAPPER.readTree(
            send(
                    HttpMethod.GET,
                    "/api/v1/namespaces/ns/events?fieldSelector=involvedObject.name%3Dapp",
                    null)
                .getBody()
                .readUtf8());

    assertThat(all.path("items")).hasSize(1);
    assertThat(selected.path("items")).isEmpty();
  }

  /** Worked around in {@link ApiRequestHandler}: it drops the query string of writes. */
  @Test
  void statusPatchWithAQueryStringIsIgnored() throws Exception {
    send(
        HttpMethod.POST,
        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
        new KubernetesSerialization().asJson(SparkApplicationResource.definition()));
    String path = "/apis/sparkoperator.k8s.io/v1beta2/namespaces/ns/sparkapplications";
    send(
        HttpMethod.POST,
        path,
        "{\"apiVersion\":\"sparkoperator.k8s.io/v1beta2\",\"kind\":\"SparkApplication\","
            + "\"metadata\":{\"name\":\"app\"},\"spec\":{}}");

    send(
        HttpMethod.PATCH,
        path + "/app/status?fieldManager=kubectl",
        "{\"status\":{\"state\":\"a\"}}");
    assertThat(status(path + "/app").path("state").isMissingNode()).isTrue();

    send(HttpMethod.PATCH, path + "/app/status", "{\"status\":{\"state\":\"b\"}}");
    assertThat(status(path + "/app").path("state").asText()).isEqualTo("b");
  }

  /**
   * Worked around in {@link ClusterWriter#replacePodStatus}: pod statuses are written with a JSON
   * patch.
   */
  @Test
  void mergePatchAppendsToListsInsteadOfReplacingThem() throws Exception {
    String pods = "/api/v1/namespaces/ns/pods";
    send(
        HttpMethod.POST,
        pods,
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},"
            + "\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}");

    send(
        HttpMethod.PATCH,
        pods + "/p/status",
        "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"}]}}");

    assertThat(status(pods + "/p").path("conditions")).hasSize(2);
  }

  private JsonNode status(String path) throws Exception {
    return MAPPER.readTree(send(HttpMethod.GET, path, null).getBody().readUtf8()).path("status");
  }

  private MockResponse send(HttpMethod method, String path, String body) {
    Headers headers =
        Headers.builder()
            .add(
                "Content-Type",
                method == HttpMethod.PATCH ? "application/merge-patch+json" : "application/json")
            .build();
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    return dispatcher.dispatch(
        new RecordedRequest("HTTP/1.1", method, path, headers, new Buffer(bytes)));
  }
}
