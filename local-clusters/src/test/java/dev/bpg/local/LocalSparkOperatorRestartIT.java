package dev.bpg.local;

import static dev.bpg.local.ApplicationBuilder.application;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a restarted operator does with the applications its predecessor left. */
class LocalSparkOperatorRestartIT {

  private static final String NAMESPACE = "spark-operator";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Vertx vertx;
  private LocalApiServer server;
  private KubernetesClient client;

  @BeforeEach
  void startServer() {
    vertx = Vertx.vertx();
    server = LocalApiServer.start(vertx, 0);
    client =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl(server.masterUrl()).build())
            .build();
  }

  @AfterEach
  void stopServer() {
    client.close();
    server.close();
    LocalApiServer.await(vertx.close(), "close Vert.x");
  }

  @Test
  void leavesEndedApplicationsAloneAndDrivesRunningOnesToCompletion() {
    LocalSparkOperator first = operator();
    first.start();
    create(application("done").build());
    awaitState("done", "COMPLETED");
    create(application("in-flight").duration("500ms").build());
    awaitState("in-flight", "RUNNING");
    String sparkApplicationId = status("in-flight").path("sparkApplicationId").asText();
    first.close();
    String doneVersion = applications().withName("done").get().getMetadata().getResourceVersion();
    int doneEvents = events("done");

    LocalSparkOperator second = operator();
    try {
      second.start();
      awaitState("in-flight", "COMPLETED");
    } finally {
      second.close();
    }

    assertThat(applications().withName("done").get().getMetadata().getResourceVersion())
        .isEqualTo(doneVersion);
    assertThat(events("done")).isEqualTo(doneEvents);
    assertThat(status("in-flight").path("sparkApplicationId").asText())
        .isEqualTo(sparkApplicationId);
    assertThat(client.pods().inNamespace(NAMESPACE).withName("in-flight-driver").getLog())
        .contains("resumed by a restarted local operator");
  }

  @Test
  void aClosedOperatorTakesNoFurtherStep() {
    LocalSparkOperator operator = operator();
    operator.start();
    create(application("orphan").duration("200ms").build());
    awaitState("orphan", "RUNNING");

    operator.close();

    await()
        .pollDelay(Duration.ofMillis(600))
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(state("orphan")).isEqualTo("RUNNING"));
  }

  private LocalSparkOperator operator() {
    return new LocalSparkOperator(
        "restart", client, server.podLogs(), Clock.systemUTC(), new Random(), LocalClustersIT.FAST);
  }

  private NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      applications() {
    return client
        .genericKubernetesResources(SparkApplicationResource.CONTEXT)
        .inNamespace(NAMESPACE);
  }

  private void create(GenericKubernetesResource application) {
    applications().resource(application).create();
  }

  private JsonNode status(String name) {
    return MAPPER
        .valueToTree(applications().withName(name).get().getAdditionalProperties())
        .path("status");
  }

  private String state(String name) {
    return status(name).path("applicationState").path("state").asText("");
  }

  private int events(String name) {
    return client
        .v1()
        .events()
        .inNamespace(NAMESPACE)
        .withField("involvedObject.name", name)
        .list()
        .getItems()
        .size();
  }

  private void awaitState(String name, String state) {
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> assertThat(state(name)).isEqualTo(state));
  }
}
