package dev.bpg.local;

import static dev.bpg.local.ApplicationBuilder.application;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalClustersIT {

  private static final String CLUSTER_A = "spark-cluster-a";
  private static final String CLUSTER_B = "spark-cluster-b";
  private static final String NAMESPACE = "spark-operator";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  // Shorter steps than a real cluster's keep the class fast; the order of the steps is what is
  // tested.
  static final SimulationTimings FAST =
      new SimulationTimings(Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofHours(1));

  private final AtomicInteger names = new AtomicInteger();
  private final HttpClient http = HttpClient.newHttpClient();
  private LocalClusters clusters;
  private KubernetesClient clientA;
  private KubernetesClient clientB;

  @BeforeAll
  void startClusters() {
    clusters =
        LocalClusters.start(
            List.of(
                new LocalClusterSpec(CLUSTER_A, NAMESPACE, 0),
                new LocalClusterSpec(CLUSTER_B, NAMESPACE, 0)),
            Clock.systemUTC(),
            FAST);
    clientA = userClient(clusters.cluster(CLUSTER_A).masterUrl());
    clientB = userClient(clusters.cluster(CLUSTER_B).masterUrl());
  }

  @AfterAll
  void stopClusters() {
    clientA.close();
    clientB.close();
    clusters.close();
  }

  @Test
  void applicationGoesThroughSubmittedRunningAndCompleted() {
    String name = uniqueName("lifecycle");
    StateRecorder recorder = new StateRecorder();
    SharedIndexInformer<GenericKubernetesResource> informer =
        applications(clientA).inform(recorder, 0);
    try {
      create(clientA, application(name).duration("1s").executors(2).build());

      awaitState(clientA, name, "RUNNING");
      JsonNode running = status(clientA, name);
      assertThat(running.path("sparkApplicationId").asText()).matches("spark-[0-9a-f]{32}");
      assertThat(running.path("submissionID").asText())
          .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
      assertThat(running.path("submissionAttempts").asInt()).isEqualTo(1);
      assertThat(running.path("executionAttempts").asInt()).isEqualTo(1);
      assertThat(running.path("lastSubmissionAttemptTime").asText())
          .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
      assertThat(running.path("driverInfo").path("podName").asText()).isEqualTo(name + "-driver");
      assertThat(running.path("executorState").path(name + "-exec-1").asText())
          .isEqualTo("RUNNING");
      assertThat(running.path("executorState").path(name + "-exec-2").asText())
          .isEqualTo("RUNNING");

      Pod driver = clientA.pods().inNamespace(NAMESPACE).withName(name + "-driver").get();
      assertThat(driver.getStatus().getPhase()).isEqualTo("Running");
      assertThat(driver.getStatus().getStartTime()).isNotEmpty();
      assertThat(driver.getMetadata().getLabels())
          .containsEntry("spark-role", "driver")
          .containsEntry("sparkoperator.k8s.io/app-name", name)
          .containsEntry("sparkoperator.k8s.io/launched-by-spark-operator", "true")
          .containsEntry("team", "a");
      assertThat(driver.getSpec().getServiceAccountName()).isEqualTo("spark");
      assertThat(driver.getSpec().getContainers())
          .singleElement()
          .satisfies(
              container -> {
                assertThat(container.getName()).isEqualTo("spark-kubernetes-driver");
                assertThat(container.getImage()).isEqualTo("apache/spark:3.5.0");
                assertThat(container.getResources().getRequests().get("cpu").toString())
                    .isEqualTo("1");
                // 2g plus Spark's default overhead of max(10 %, 384 MiB)
                assertThat(container.getResources().getRequests().get("memory").toString())
                    .isEqualTo("2432Mi");
              });
      List<Pod> executors =
          clientA
              .pods()
              .inNamespace(NAMESPACE)
              .withLabel("spark-role", "executor")
              .withLabel("sparkoperator.k8s.io/app-name", name)
              .list()
              .getItems();
      assertThat(executors)
          .extracting(pod -> pod.getMetadata().getName())
          .containsExactlyInAnyOrder(name + "-exec-1", name + "-exec-2");
      assertThat(executors)
          .allSatisfy(pod -> assertThat(pod.getStatus().getPhase()).isEqualTo("Running"));

      awaitState(clientA, name, "COMPLETED");
      JsonNode completed = status(clientA, name);
      assertThat(completed.path("terminationTime").asText())
          .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
      assertThat(completed.path("applicationState").has("errorMessage")).isFalse();
      assertThat(completed.path("executorState").path(name + "-exec-1").asText())
          .isEqualTo("COMPLETED");
      assertThat(
              clientA
                  .pods()
                  .inNamespace(NAMESPACE)
                  .withName(name + "-driver")
                  .get()
                  .getStatus()
                  .getPhase())
          .isEqualTo("Succeeded");
      assertThat(
              clientA
                  .pods()
                  .inNamespace(NAMESPACE)
                  .withLabel("spark-role", "executor")
                  .withLabel("sparkoperator.k8s.io/app-name", name)
                  .list()
                  .getItems())
          .as("Spark deletes the executor pods when the driver ends")
          .isEmpty();

      await().atMost(TIMEOUT).until(() -> recorder.states(name).contains("COMPLETED"));
      assertThat(recorder.states(name))
          .containsSubsequence("", "SUBMITTED", "RUNNING", "COMPLETED");
    } finally {
      informer.close();
    }
  }

  @Test
  void clustersAreIndependent() {
    String name = uniqueName("independent");
    create(clientA, application(name).build());
    String other = uniqueName("independent");
    create(clientB, application(other).duration("60s").build());

    awaitState(clientA, name, "COMPLETED");
    awaitState(clientB, other, "RUNNING");
    assertThat(applications(clientB).withName(name).get()).isNull();
    assertThat(clientB.pods().inNamespace(NAMESPACE).withName(name + "-driver").get()).isNull();
    assertThat(applications(clientA).withName(other).get()).isNull();
    assertThat(clusters.cluster(CLUSTER_A).port()).isNotEqualTo(clusters.cluster(CLUSTER_B).port());

    applications(clientB).withName(other).delete();
  }

  @Test
  void requestedFailureEndsTheApplicationFailed() {
    String name = uniqueName("failing");
    create(clientA, application(name).outcome("failed").build());

    awaitState(clientA, name, "FAILED");
    JsonNode failed = status(clientA, name);
    assertThat(failed.path("applicationState").path("errorMessage").asText())
        .isEqualTo(
            "driver container failed with ExitCode: 1, Reason: Error (simulated failure requested"
                + " by spark.local.simulate.outcome)");
    assertThat(failed.path("terminationTime").asText()).isNotEmpty();
    assertThat(failed.path("executorState").path(name + "-exec-1").asText()).isEqualTo("FAILED");
    Pod driver = clientA.pods().inNamespace(NAMESPACE).withName(name + "-driver").get();
    assertThat(driver.getStatus().getPhase()).isEqualTo("Failed");
    assertThat(
            driver
                .getStatus()
                .getContainerStatuses()
                .get(0)
                .getState()
                .getTerminated()
                .getExitCode())
        .isEqualTo(1);
    assertThat(reasons(clientA, name)).contains("SparkApplicationFailed", "SparkDriverFailed");
  }

  @Test
  void unreadableSimulationDurationFailsTheApplicationAndTheOperatorCarriesOn() {
    String bad = uniqueName("bad-duration");
    String good = uniqueName("after-bad");
    create(clientA, application(bad).duration("soon").build());
    create(clientA, application(good).build());
    awaitState(clientA, bad, "FAILED");
    assertThat(status(clientA, bad).path("applicationState").path("errorMessage").asText())
        .contains("spark.local.simulate.duration", "soon");
    assertThat(clientA.pods().inNamespace(NAMESPACE).withName(bad + "-driver").get()).isNull();
    awaitState(clientA, good, "COMPLETED");
  }

  @Test
  void deletingARunningApplicationRemovesItsPodsAndEndsItsLogStream() throws Exception {
    String name = uniqueName("deleted");
    create(clientA, application(name).duration("60s").executors(2).build());
    awaitState(clientA, name, "RUNNING");

    try (LogWatch watch =
        clientA.pods().inNamespace(NAMESPACE).withName(name + "-driver").watchLog()) {
      CompletableFuture<String> wholeLog = readToEnd(watch);
      applications(clientA).withName(name).delete();

      assertThat(wholeLog.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
          .contains(SimulatedRun.SIMULATION_NOTICE);
    }
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                clientA
                    .pods()
                    .inNamespace(NAMESPACE)
                    .withLabel("sparkoperator.k8s.io/app-name", name)
                    .list()
                    .getItems()
                    .isEmpty());
  }

  @Test
  void deletingADriverPodEndsItsLogStreamAndFailsTheApplication() throws Exception {
    String name = uniqueName("pod-deleted");
    create(clientA, application(name).duration("500ms").build());
    awaitState(clientA, name, "RUNNING");

    try (LogWatch watch =
        clientA.pods().inNamespace(NAMESPACE).withName(name + "-driver").watchLog()) {
      CompletableFuture<String> wholeLog = readToEnd(watch);
      clientA.pods().inNamespace(NAMESPACE).withName(name + "-driver").delete();

      assertThat(wholeLog.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
          .contains(SimulatedRun.SIMULATION_NOTICE);
    }
    awaitState(clientA, name, "FAILED");
    assertThat(status(clientA, name).path("applicationState").path("errorMessage").asText())
        .isEqualTo(
            "the local operator could not go on with the run: pods \""
                + name
                + "-driver\" not found");
    applications(clientA).withName(name).delete();
  }

  @Test
  void followedLogStreamsLinesUntilTheRunEnds() throws Exception {
    String name = uniqueName("follow");
    create(clientA, application(name).duration("600ms").build());
    awaitState(clientA, name, "SUBMITTED");

    try (LogWatch watch =
        clientA.pods().inNamespace(NAMESPACE).withName(name + "-driver").watchLog()) {
      BufferedReader reader =
          new BufferedReader(new InputStreamReader(watch.getOutput(), StandardCharsets.UTF_8));
      assertThat(reader.readLine()).isEqualTo(SimulatedRun.SIMULATION_NOTICE);
      assertThat(state(clientA, name))
          .as("the first line arrives while the run goes on")
          .isNotEqualTo("COMPLETED");
      CompletableFuture<List<String>> rest =
          CompletableFuture.supplyAsync(
              () -> {
                List<String> lines = new ArrayList<>();
                try {
                  for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
                return lines;
              });
      List<String> lines = rest.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(lines).anyMatch(line -> line.contains("simulated job"));
      assertThat(lines).anyMatch(line -> line.startsWith("Pi is roughly 3.1"));
      assertThat(lines.get(lines.size() - 1)).contains("the application completed successfully");
    }
  }

  @Test
  void logLinesGiveEachPodALogOfThatSize() {
    String name = uniqueName("chatty");
    create(
        clientA,
        application(name)
            .executors(2)
            .sparkConf(RunPlan.LOG_LINES_PROPERTY, "300")
            .sparkConf(RunPlan.DELETE_EXECUTORS_PROPERTY, "false")
            .build());
    awaitState(clientA, name, "COMPLETED");

    String driver = clientA.pods().inNamespace(NAMESPACE).withName(name + "-driver").getLog();
    assertThat(driver.lines().filter(line -> line.contains("TaskSetManager: Finished task")))
        .hasSize(300)
        .last()
        .asString()
        .contains("(300/300)");
    for (String executor : List.of(name + "-exec-1", name + "-exec-2")) {
      assertThat(
              clientA
                  .pods()
                  .inNamespace(NAMESPACE)
                  .withName(executor)
                  .getLog()
                  .lines()
                  .filter(line -> line.contains("Executor: Finished task")))
          .as(executor)
          .hasSize(150);
    }
  }

  @Test
  void logOfAFinishedSparkPiSaysItIsSimulatedAndEstimatesPi() {
    String name = uniqueName("pi");
    String other = uniqueName("not-pi");
    create(
        clientA, application(name).mainClass("org.apache.spark.examples.SparkPi", "100").build());
    create(clientA, application(other).mainClass("com.example.Etl", "--day", "2026-11-25").build());
    awaitState(clientA, name, "COMPLETED");
    awaitState(clientA, other, "COMPLETED");

    String log = clientA.pods().inNamespace(NAMESPACE).withName(name + "-driver").getLog();
    assertThat(log)
        .startsWith(SimulatedRun.SIMULATION_NOTICE + "\n")
        .contains("main class org.apache.spark.examples.SparkPi", "arguments [100]")
        .containsPattern("(?m)^Pi is roughly 3\\.1\\d*$");
    assertThat(
            clientA
                .pods()
                .inNamespace(NAMESPACE)
                .withName(name + "-driver")
                .tailingLines(1)
                .getLog())
        .hasLineCount(1)
        .contains("completed successfully");
    assertThat(
            clientA
                .pods()
                .inNamespace(NAMESPACE)
                .withName(name + "-driver")
                .usingTimestamps()
                .getLog())
        .containsPattern(
            "(?m)^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z " + "This is a simulated");

    assertThat(clientA.pods().inNamespace(NAMESPACE).withName(other + "-driver").getLog())
        .contains("main class com.example.Etl", "arguments [--day, 2026-11-25]")
        .doesNotContain("Pi is roughly");
  }

  @Test
  void logOfAnUnknownPodIsNotFound() throws Exception {
    assertThatThrownBy(() -> clientA.pods().inNamespace(NAMESPACE).withName("no-such-pod").getLog())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));

    HttpResponse<String> response =
        get(
            clusters.cluster(CLUSTER_A),
            "/api/v1/namespaces/" + NAMESPACE + "/pods/no-such-pod/log?follow=true");
    assertThat(response.statusCode()).isEqualTo(404);
    JsonNode body = MAPPER.readTree(response.body());
    assertThat(body.path("kind").asText()).isEqualTo("Status");
    assertThat(body.path("status").asText()).isEqualTo("Failure");
    assertThat(body.path("reason").asText()).isEqualTo("NotFound");
    assertThat(body.path("code").asInt()).isEqualTo(404);
    assertThat(body.path("message").asText()).isEqualTo("pods \"no-such-pod\" not found");
  }

  @Test
  void informerSeesAddUpdateAndDelete() {
    String name = uniqueName("informed");
    StateRecorder recorder = new StateRecorder();
    SharedIndexInformer<GenericKubernetesResource> informer =
        applications(clientB).inform(recorder, 0);
    try {
      create(clientB, application(name).build());
      await().atMost(TIMEOUT).until(() -> recorder.states(name).contains("COMPLETED"));
      applications(clientB).withName(name).delete();
      await().atMost(TIMEOUT).until(() -> recorder.events(name).contains("DELETE"));
      assertThat(recorder.events(name)).startsWith("ADD").contains("UPDATE").endsWith("DELETE");
    } finally {
      informer.close();
    }
  }

  @Test
  void timeToLiveDeletesTheApplicationAfterItEnds() {
    String name = uniqueName("ttl");
    create(clientB, application(name).duration("100ms").timeToLiveSeconds(1).build());
    awaitState(clientB, name, "COMPLETED");

    await().atMost(TIMEOUT).until(() -> applications(clientB).withName(name).get() == null);
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                clientB
                    .pods()
                    .inNamespace(NAMESPACE)
                    .withLabel("sparkoperator.k8s.io/app-name", name)
                    .list()
                    .getItems()
                    .isEmpty());
  }

  @Test
  void eventsCanBeSelectedByTheirInvolvedObject() {
    String first = uniqueName("events");
    String second = uniqueName("events");
    create(clientB, application(first).build());
    create(clientB, application(second).build());
    awaitState(clientB, first, "COMPLETED");
    awaitState(clientB, second, "COMPLETED");

    List<Event> events = events(clientB, first);
    assertThat(events)
        .isNotEmpty()
        .allSatisfy(
            event -> {
              assertThat(event.getInvolvedObject().getName()).isEqualTo(first);
              assertThat(event.getInvolvedObject().getKind()).isEqualTo("SparkApplication");
              assertThat(event.getInvolvedObject().getNamespace()).isEqualTo(NAMESPACE);
              assertThat(event.getFirstTimestamp())
                  .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
              assertThat(event.getLastTimestamp()).isNotEmpty();
              assertThat(event.getType()).isEqualTo("Normal");
              assertThat(event.getMessage()).isNotEmpty();
            });
    assertThat(events)
        .extracting(Event::getReason)
        .contains(
            "SparkApplicationAdded",
            "SparkApplicationSubmitted",
            "SparkDriverRunning",
            "SparkExecutorRunning",
            "SparkDriverCompleted",
            "SparkApplicationCompleted");
    assertThat(events(clientB, first + "-driver"))
        .extracting(event -> event.getInvolvedObject().getKind() + "/" + event.getReason())
        .contains("Pod/Scheduled", "Pod/Started");
    assertThat(
            clientB
                .v1()
                .events()
                .inNamespace(NAMESPACE)
                .withField("involvedObject.name", first)
                .withField("reason", "SparkApplicationCompleted")
                .list()
                .getItems())
        .singleElement()
        .satisfies(
            event ->
                assertThat(event.getMessage())
                    .isEqualTo("SparkApplication " + first + " completed"));
  }

  @Test
  void statusWriteWithAQueryStringIsApplied() throws Exception {
    String name = uniqueName("patched");
    create(clientA, application(name).duration("60s").build());
    awaitState(clientA, name, "RUNNING");

    LocalCluster cluster = clusters.cluster(CLUSTER_A);
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        cluster.masterUrl()
                            + "/apis/sparkoperator.k8s.io/v1beta2/namespaces/"
                            + NAMESPACE
                            + "/sparkapplications/"
                            + name
                            + "/status?fieldManager=kubectl-patch"))
                .header("Content-Type", "application/merge-patch+json")
                .method(
                    "PATCH",
                    HttpRequest.BodyPublishers.ofString("{\"status\":{\"note\":\"patched\"}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isBetween(200, 299);
    assertThat(status(clientA, name).path("note").asText()).isEqualTo("patched");
    applications(clientA).withName(name).delete();
  }

  @Test
  void discoveryListsSparkApplications() throws Exception {
    LocalCluster cluster = clusters.cluster(CLUSTER_A);

    JsonNode resources =
        MAPPER.readTree(get(cluster, "/apis/sparkoperator.k8s.io/v1beta2?timeout=32s").body());
    assertThat(resources.path("kind").asText()).isEqualTo("APIResourceList");
    assertThat(resources.path("groupVersion").asText()).isEqualTo("sparkoperator.k8s.io/v1beta2");
    JsonNode sparkApplications = resources.path("resources").get(0);
    assertThat(sparkApplications.path("name").asText()).isEqualTo("sparkapplications");
    assertThat(sparkApplications.path("kind").asText()).isEqualTo("SparkApplication");
    assertThat(sparkApplications.path("namespaced").asBoolean()).isTrue();
    assertThat(sparkApplications.path("shortNames").toString()).isEqualTo("[\"sparkapp\"]");
    assertThat(sparkApplications.path("verbs").toString())
        .contains("\"list\"", "\"watch\"", "\"create\"");

    JsonNode core = MAPPER.readTree(get(cluster, "/api/v1").body());
    assertThat(core.path("resources").findValuesAsText("name"))
        .contains("pods", "pods/log", "events", "namespaces");
    assertThat(MAPPER.readTree(get(cluster, "/version").body()).path("major").asText())
        .isEqualTo("1");
    assertThat(
            MAPPER.readTree(get(cluster, "/apis").body()).path("groups").findValuesAsText("name"))
        .contains("sparkoperator.k8s.io", "apiextensions.k8s.io");
    assertThat(get(cluster, "/api").headers().firstValue("Content-Type"))
        .hasValue("application/json");
  }

  @Test
  void kubectlListsApplicationsOfEachContext(@TempDir Path directory) throws Exception {
    String onA = uniqueName("kubectl");
    String onB = uniqueName("kubectl");
    create(clientA, application(onA).duration("60s").build());
    create(clientB, application(onB).duration("60s").build());
    awaitState(clientA, onA, "RUNNING");
    try {
      Optional<Path> kubectl = onPath("kubectl");
      if (kubectl.isPresent()) {
        Path kubeconfig = Files.writeString(directory.resolve("kubeconfig"), clusters.kubeconfig());
        assertThat(
                run(
                    kubectl.get().toString(),
                    "--kubeconfig",
                    kubeconfig.toString(),
                    "get",
                    "sparkapplications",
                    "-A"))
            .contains(onA)
            .doesNotContain(onB);
        assertThat(
                run(
                    kubectl.get().toString(),
                    "--kubeconfig",
                    kubeconfig.toString(),
                    "--context",
                    CLUSTER_B,
                    "get",
                    "sparkapp",
                    "-n",
                    NAMESPACE))
            .contains(onB);
        // describe finds the events with a typed client, which needs an EventList and the
        // involvedObject selector.
        assertThat(
                run(
                    kubectl.get().toString(),
                    "--kubeconfig",
                    kubeconfig.toString(),
                    "describe",
                    "sparkapp",
                    onA))
            .contains("State:  RUNNING", "SparkApplicationSubmitted", "SparkDriverRunning");
      } else {
        // Without kubectl, check what it would read.
        assertThat(
                get(
                        clusters.cluster(CLUSTER_A),
                        "/apis/sparkoperator.k8s.io/v1beta2/sparkapplications")
                    .body())
            .contains(onA)
            .doesNotContain(onB)
            .contains("\"kind\":\"SparkApplicationList\"");
        assertThat(
                get(
                        clusters.cluster(CLUSTER_A),
                        "/api/v1/namespaces/"
                            + NAMESPACE
                            + "/events?fieldSelector="
                            + "involvedObject.name%3D"
                            + onA
                            + "%2CinvolvedObject.kind%3DSparkApplication")
                    .body())
            .contains("\"kind\":\"EventList\"", "SparkApplicationSubmitted");
      }
    } finally {
      applications(clientA).withName(onA).delete();
      applications(clientB).withName(onB).delete();
    }
  }

  @Test
  void kubeconfigHasOneContextPerClusterAndTheFirstIsCurrent() {
    String kubeconfig = clusters.kubeconfig();

    Config a = Config.fromKubeconfig(null, kubeconfig, null);
    assertThat(a.getCurrentContext().getName()).isEqualTo(CLUSTER_A);
    assertThat(a.getMasterUrl()).startsWith(clusters.cluster(CLUSTER_A).masterUrl());
    assertThat(a.getNamespace()).isEqualTo(NAMESPACE);
    Config b = Config.fromKubeconfig(CLUSTER_B, kubeconfig, null);
    assertThat(b.getMasterUrl())
        .startsWith("http://127.0.0.1:" + clusters.cluster(CLUSTER_B).port());
  }

  @Test
  void clustersAreFoundByIdOnly() {
    assertThat(clusters.clusters())
        .extracting(LocalCluster::id)
        .containsExactly(CLUSTER_A, CLUSTER_B);
    assertThat(clusters.cluster(CLUSTER_B).namespace()).isEqualTo(NAMESPACE);
    assertThat(clusters.cluster(CLUSTER_A).client().namespaces().withName(NAMESPACE).get())
        .isNotNull();
    assertThatThrownBy(() -> clusters.cluster("spark-cluster-z"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spark-cluster-z");
  }

  // ---- helpers ----

  private String uniqueName(String prefix) {
    return prefix + "-" + names.incrementAndGet();
  }

  private static KubernetesClient userClient(String masterUrl) {
    return new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder().withMasterUrl(masterUrl).build())
        .build();
  }

  private static NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      applications(KubernetesClient client) {
    return client
        .genericKubernetesResources(SparkApplicationResource.CONTEXT)
        .inNamespace(NAMESPACE);
  }

  private static void create(KubernetesClient client, GenericKubernetesResource application) {
    applications(client).resource(application).create();
  }

  private static JsonNode status(KubernetesClient client, String name) {
    GenericKubernetesResource application = applications(client).withName(name).get();
    if (application == null) {
      return MissingNode.getInstance();
    }
    return MAPPER.valueToTree(application.getAdditionalProperties()).path("status");
  }

  private static String state(KubernetesClient client, String name) {
    return status(client, name).path("applicationState").path("state").asText("");
  }

  private static void awaitState(KubernetesClient client, String name, String state) {
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> assertThat(state(client, name)).isEqualTo(state));
  }

  private static List<Event> events(KubernetesClient client, String involvedObjectName) {
    return client
        .v1()
        .events()
        .inNamespace(NAMESPACE)
        .withField("involvedObject.name", involvedObjectName)
        .list()
        .getItems();
  }

  private static List<String> reasons(KubernetesClient client, String involvedObjectName) {
    return events(client, involvedObjectName).stream().map(Event::getReason).toList();
  }

  private HttpResponse<String> get(LocalCluster cluster, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(cluster.masterUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static CompletableFuture<String> readToEnd(LogWatch watch) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return new String(watch.getOutput().readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private static Optional<Path> onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Arrays.stream(path.split(File.pathSeparator))
        .map(directory -> Path.of(directory, command))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("kubectl output:%n%s", output).isZero();
    return output;
  }

  /** Records, per application, the informer callbacks and the states it went through. */
  private static final class StateRecorder
      implements ResourceEventHandler<GenericKubernetesResource> {
    private final List<String[]> seen = new CopyOnWriteArrayList<>();

    @Override
    public void onAdd(GenericKubernetesResource application) {
      record("ADD", application);
    }

    @Override
    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
      record("UPDATE", after);
    }

    @Override
    public void onDelete(GenericKubernetesResource application, boolean finalStateUnknown) {
      record("DELETE", application);
    }

    List<String> events(String name) {
      return seen.stream().filter(entry -> entry[1].equals(name)).map(entry -> entry[0]).toList();
    }

    /** The distinct states in the order they were first seen; "" for no state yet. */
    List<String> states(String name) {
      return seen.stream()
          .filter(entry -> entry[1].equals(name))
          .map(entry -> entry[2])
          .distinct()
          .toList();
    }

    private void record(String event, GenericKubernetesResource application) {
      String state =
          MAPPER
              .valueToTree(application.getAdditionalProperties())
              .path("status")
              .path("applicationState")
              .path("state")
              .asText("");
      seen.add(new String[] {event, application.getMetadata().getName(), state});
    }
  }
}
