package dev.bpg.local;

import static dev.bpg.local.ApplicationBuilder.application;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a restarted operator does with a real Spark job whose driver JVM stopped with its
 * predecessor.
 */
class RealSparkOperatorRestartIT {

  private static final String NAMESPACE = "spark-operator";
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Vertx vertx;
  private LocalApiServer server;
  private KubernetesClient client;
  private LocalSparkSettings settings;

  @BeforeEach
  void startServer() {
    settings = LocalSparkSettings.defaults(SparkRuntime.loadDefault());
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
  void aClosedOperatorStopsItsDriversAndTheNextOneStartsTheJobOver() {
    LocalSparkOperator first = operator();
    first.start();
    Process firstDriver;
    String submissionId;
    try {
      create(
          application("endless").mainClass("org.apache.spark.examples.SparkPi", "1000000").build());
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(status("endless").path("sparkApplicationId").asText())
                      .startsWith("local-"));
      assertThat(first.driverProcesses()).hasSize(1);
      firstDriver = first.driverProcesses().get(0);
      submissionId = status("endless").path("submissionID").asText();
    } finally {
      first.close();
    }
    assertThat(firstDriver.isAlive()).isFalse();
    assertThat(state("endless")).isEqualTo("RUNNING");

    LocalSparkOperator second = operator();
    Process secondDriver;
    try {
      second.start();
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                assertThat(second.driverProcesses()).hasSize(1);
                assertThat(state("endless")).isEqualTo("RUNNING");
              });
      secondDriver = second.driverProcesses().get(0);
      assertThat(secondDriver.pid()).isNotEqualTo(firstDriver.pid());
      assertThat(status("endless").path("submissionID").asText()).isEqualTo(submissionId);
      assertThat(client.pods().inNamespace(NAMESPACE).withName("endless-driver").getLog())
          .contains("resumed by a restarted local operator; the job starts over");
    } finally {
      second.close();
    }
    assertThat(secondDriver.isAlive()).isFalse();
  }

  private LocalSparkOperator operator() {
    return new LocalSparkOperator(
        "restart",
        client,
        server.podLogs(),
        Clock.systemUTC(),
        new Random(),
        LocalClustersIT.FAST,
        LocalRunMode.realSpark(settings));
  }

  private void create(GenericKubernetesResource application) {
    client
        .genericKubernetesResources(SparkApplicationResource.CONTEXT)
        .inNamespace(NAMESPACE)
        .resource(application)
        .create();
  }

  private JsonNode status(String name) {
    return MAPPER
        .valueToTree(
            client
                .genericKubernetesResources(SparkApplicationResource.CONTEXT)
                .inNamespace(NAMESPACE)
                .withName(name)
                .get()
                .getAdditionalProperties())
        .path("status");
  }

  private String state(String name) {
    return status(name).path("applicationState").path("state").asText("");
  }
}
