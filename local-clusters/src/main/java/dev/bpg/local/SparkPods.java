package dev.bpg.local;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The driver and executor pods of a local run, shaped like those that spark-submit creates under
 * the Kubeflow operator (names, labels, container names, owner references), and the statuses a
 * kubelet would report for them.
 */
final class SparkPods {

  static final String DRIVER_CONTAINER = "spark-kubernetes-driver";
  static final String EXECUTOR_CONTAINER = "spark-kubernetes-executor";
  static final String ROLE_LABEL = "spark-role";
  static final String APP_NAME_LABEL = "sparkoperator.k8s.io/app-name";
  static final String LAUNCHED_BY_OPERATOR_LABEL =
      "sparkoperator.k8s.io/launched-by-spark-operator";
  static final String SUBMISSION_ID_LABEL = "sparkoperator.k8s.io/submission-id";
  static final String APP_SELECTOR_LABEL = "spark-app-selector";
  static final String EXECUTOR_ID_LABEL = "spark-exec-id";

  /**
   * Not set by the real operator: the local one labels what it creates for an application with the
   * application's uid, so that it can remove exactly those pods and events when the application is
   * deleted.
   */
  static final String APPLICATION_UID_LABEL = "local.bpg.dev/application-uid";

  static final String NODE_NAME = "local-node";
  private static final String LOCAL_IP = "127.0.0.1";

  private SparkPods() {}

  static Pod driver(
      ApplicationRef app, RunPlan plan, String sparkApplicationId, String submissionId) {
    return driver(app, plan.driver(), Optional.of(sparkApplicationId), submissionId);
  }

  /**
   * A driver pod. Without a Spark application id (a real local run learns it only once Spark has
   * started) the pod has no {@value #APP_SELECTOR_LABEL} label.
   */
  static Pod driver(
      ApplicationRef app,
      RunPlan.PodPlan plan,
      Optional<String> sparkApplicationId,
      String submissionId) {
    Map<String, String> labels = new LinkedHashMap<>(plan.labels());
    labels.putAll(commonLabels(app, sparkApplicationId, submissionId));
    labels.put(ROLE_LABEL, "driver");
    return pod(
        app.driverPodName(),
        app.namespace(),
        labels,
        app.asOwner(),
        DRIVER_CONTAINER,
        plan,
        "driver");
  }

  static Pod executor(
      ApplicationRef app,
      RunPlan plan,
      String sparkApplicationId,
      String submissionId,
      int index,
      Pod driver) {
    Map<String, String> labels = new LinkedHashMap<>(plan.executor().labels());
    labels.putAll(commonLabels(app, Optional.of(sparkApplicationId), submissionId));
    labels.put(ROLE_LABEL, "executor");
    labels.put(EXECUTOR_ID_LABEL, Integer.toString(index));
    // Spark makes the driver pod the owner of its executors.
    OwnerReference owner =
        new OwnerReferenceBuilder()
            .withApiVersion("v1")
            .withKind("Pod")
            .withName(driver.getMetadata().getName())
            .withUid(driver.getMetadata().getUid())
            .withController(true)
            .build();
    return pod(
        app.executorPodName(index),
        app.namespace(),
        labels,
        owner,
        EXECUTOR_CONTAINER,
        plan.executor(),
        "executor");
  }

  /** A started pod whose one container runs. */
  static PodStatus running(String container, String image, Instant startedAt) {
    String time = KubernetesTime.format(startedAt);
    return new PodStatusBuilder()
        .withPhase("Running")
        .withHostIP(LOCAL_IP)
        .withPodIP(LOCAL_IP)
        .withStartTime(time)
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .withLastTransitionTime(time)
        .endCondition()
        .addNewContainerStatus()
        .withName(container)
        .withImage(image)
        .withReady(true)
        .withStarted(true)
        .withRestartCount(0)
        .withState(
            new ContainerStateBuilder().withNewRunning().withStartedAt(time).endRunning().build())
        .endContainerStatus()
        .build();
  }

  /** A pod that waits for its container to start: scheduled to the node, not running yet. */
  static PodStatus pending(String container, String image) {
    return new PodStatusBuilder()
        .withPhase("Pending")
        .withHostIP(LOCAL_IP)
        .addNewCondition()
        .withType("PodScheduled")
        .withStatus("True")
        .endCondition()
        .addNewContainerStatus()
        .withName(container)
        .withImage(image)
        .withReady(false)
        .withStarted(false)
        .withRestartCount(0)
        .withState(
            new ContainerStateBuilder()
                .withNewWaiting()
                .withReason("ContainerCreating")
                .endWaiting()
                .build())
        .endContainerStatus()
        .build();
  }

  /**
   * A pod whose one container has exited, with exit code 0 (phase Succeeded) or 1 (phase Failed).
   */
  static PodStatus terminated(
      String container, String image, Instant startedAt, Instant finishedAt, boolean succeeded) {
    return terminated(container, image, startedAt, finishedAt, succeeded ? 0 : 1);
  }

  /**
   * A pod whose one container has exited with that code: phase Succeeded for 0, Failed otherwise.
   */
  static PodStatus terminated(
      String container, String image, Instant startedAt, Instant finishedAt, int exitCode) {
    boolean succeeded = exitCode == 0;
    String started = KubernetesTime.format(startedAt);
    String finished = KubernetesTime.format(finishedAt);
    return new PodStatusBuilder()
        .withPhase(succeeded ? "Succeeded" : "Failed")
        .withHostIP(LOCAL_IP)
        .withPodIP(LOCAL_IP)
        .withStartTime(started)
        .addNewCondition()
        .withType("Ready")
        .withStatus("False")
        .withReason("PodCompleted")
        .withLastTransitionTime(finished)
        .endCondition()
        .addNewContainerStatus()
        .withName(container)
        .withImage(image)
        .withReady(false)
        .withStarted(false)
        .withRestartCount(0)
        .withState(
            new ContainerStateBuilder()
                .withNewTerminated()
                .withExitCode(exitCode)
                .withReason(succeeded ? "Completed" : "Error")
                .withStartedAt(started)
                .withFinishedAt(finished)
                .endTerminated()
                .build())
        .endContainerStatus()
        .build();
  }

  private static Map<String, String> commonLabels(
      ApplicationRef app, Optional<String> sparkApplicationId, String submissionId) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(APP_NAME_LABEL, app.name());
    labels.put(LAUNCHED_BY_OPERATOR_LABEL, "true");
    labels.put(SUBMISSION_ID_LABEL, submissionId);
    sparkApplicationId.ifPresent(id -> labels.put(APP_SELECTOR_LABEL, id));
    labels.put(APPLICATION_UID_LABEL, app.uid());
    return labels;
  }

  private static Pod pod(
      String name,
      String namespace,
      Map<String, String> labels,
      OwnerReference owner,
      String container,
      RunPlan.PodPlan plan,
      String argument) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .withLabels(labels)
            .withOwnerReferences(owner)
            .endMetadata()
            .withNewSpec()
            .withNodeName(NODE_NAME)
            .withRestartPolicy("Never")
            .addNewContainer()
            .withName(container)
            .withImage(plan.image())
            .withArgs(argument)
            .withNewResources()
            .withRequests(
                Map.of("cpu", new Quantity(plan.cpu()), "memory", new Quantity(plan.memory())))
            .withLimits(Map.of("memory", new Quantity(plan.memory())))
            .endResources()
            .endContainer()
            .endSpec();
    plan.serviceAccount()
        .ifPresent(account -> pod.editSpec().withServiceAccountName(account).endSpec());
    return pod.build();
  }
}
