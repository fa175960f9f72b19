package dev.bpg.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListKindsTest {

  private static final String DISPATCHER_LIST =
      "{\"apiVersion\":\"v1\",\"kind\":\"List\", \"items\": [], \"metadata\": {\"resourceVersion\":"
          + " \"7\"}}";

  @Test
  void namesTheListsOfKnownResources() {
    assertThat(retype("/api/v1/namespaces/ns/events"))
        .startsWith("{\"apiVersion\":\"v1\",\"kind\":\"EventList\", \"items\": []");
    assertThat(retype("/api/v1/pods")).startsWith("{\"apiVersion\":\"v1\",\"kind\":\"PodList\",");
    assertThat(retype("/api/v1/namespaces"))
        .startsWith("{\"apiVersion\":\"v1\",\"kind\":\"NamespaceList\",");
    assertThat(retype("/apis/sparkoperator.k8s.io/v1beta2/namespaces/ns/sparkapplications"))
        .startsWith(
            "{\"apiVersion\":\"sparkoperator.k8s.io/v1beta2\",\"kind\":\"SparkApplicationList\",")
        .endsWith("\"metadata\": {\"resourceVersion\": \"7\"}}");
  }

  @Test
  void leavesEverythingElseAlone() {
    assertThat(retype("/api/v1/namespaces/ns")).isEqualTo(DISPATCHER_LIST);
    assertThat(retype("/api/v1/namespaces/ns/widgets")).isEqualTo(DISPATCHER_LIST);
    assertThat(retype("/apis/example.com/v1/namespaces/ns/sparkapplications"))
        .isEqualTo(DISPATCHER_LIST);
    String pod = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\"}";
    assertThat(
            new String(ListKinds.retype("/api/v1/namespaces/ns/pods", pod.getBytes(UTF_8)), UTF_8))
        .isEqualTo(pod);
  }

  private static String retype(String path) {
    return new String(ListKinds.retype(path, DISPATCHER_LIST.getBytes(UTF_8)), UTF_8);
  }
}
