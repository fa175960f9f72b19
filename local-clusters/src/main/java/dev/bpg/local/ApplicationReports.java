package dev.bpg.local;

import static dev.bpg.local.ClusterWriter.EventType.NORMAL;
import static dev.bpg.local.ClusterWriter.EventType.WARNING;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the local operator reports about one application at each step of the Kubeflow operator's
 * state machine: the status it writes and the events it records, in that operator's words.
 * Simulated and real Spark runs report the same way; each adds the status fields only it knows.
 * Every method throws what {@link ClusterWriter} throws.
 */
final class ApplicationReports {
  private static final String OPERATOR = "spark-operator";

  private final ClusterWriter writer;
  private final ApplicationRef app;

  ApplicationReports(ClusterWriter writer, ApplicationRef app) {
    this.writer = requireNonNull(writer, "writer is null");
    this.app = requireNonNull(app, "app is null");
  }

  /** The operator has seen the new application. */
  void added() {
    event(
        NORMAL,
        "SparkApplicationAdded",
        "SparkApplication " + app.name() + " was added, enqueuing it for submission");
  }

  /**
   * SUBMITTED: the driver pod exists. {@code more} are further status fields, such as the Spark
   * application ID.
   */
  void submitted(String submissionId, Instant at, Map<String, Object> more) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("applicationState", Map.of("state", ApplicationState.SUBMITTED.name()));
    status.put("submissionID", submissionId);
    status.put("lastSubmissionAttemptTime", KubernetesTime.format(at));
    status.put("submissionAttempts", 1);
    status.put("driverInfo", Map.of("podName", app.driverPodName()));
    status.putAll(more);
    writer.patchApplicationStatus(app, status);
    event(
        NORMAL,
        "SparkApplicationSubmitted",
        "SparkApplication " + app.name() + " was submitted successfully");
  }

  /** The scheduler's event for the driver pod. */
  void driverScheduled(Pod driverPod) {
    podEvent(
        driverPod,
        "default-scheduler",
        "Scheduled",
        "Successfully assigned "
            + app.namespace()
            + "/"
            + app.driverPodName()
            + " to "
            + SparkPods.NODE_NAME);
  }

  /**
   * RUNNING: the driver runs. {@code more} are further status fields, such as the executors'
   * states.
   */
  void running(Map<String, Object> more) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("applicationState", Map.of("state", ApplicationState.RUNNING.name()));
    status.put("executionAttempts", 1);
    status.putAll(more);
    writer.patchApplicationStatus(app, status);
    event(NORMAL, "SparkDriverRunning", "Driver " + app.driverPodName() + " is running");
  }

  /**
   * COMPLETED or FAILED as the driver ended, with the driver's event before and the application's
   * after.
   */
  void ended(boolean succeeded, String errorMessage, Instant at, Map<String, Object> more) {
    Map<String, Object> applicationState = new LinkedHashMap<>();
    applicationState.put(
        "state", (succeeded ? ApplicationState.COMPLETED : ApplicationState.FAILED).name());
    if (!succeeded) {
      applicationState.put("errorMessage", errorMessage);
    }
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("applicationState", applicationState);
    status.put("terminationTime", KubernetesTime.format(at));
    status.putAll(more);
    if (succeeded) {
      event(NORMAL, "SparkDriverCompleted", "Driver " + app.driverPodName() + " completed");
      writer.patchApplicationStatus(app, status);
      event(NORMAL, "SparkApplicationCompleted", "SparkApplication " + app.name() + " completed");
    } else {
      event(WARNING, "SparkDriverFailed", "Driver " + app.driverPodName() + " failed");
      writer.patchApplicationStatus(app, status);
      event(
          WARNING,
          "SparkApplicationFailed",
          "SparkApplication " + app.name() + " failed: " + errorMessage);
    }
  }

  /**
   * FAILED without a driver's end: the spec cannot run here, or the operator failed on it. One that
   * was never submitted also gets its one submission attempt, as the operator counts them.
   */
  void failed(String errorMessage, Instant at, boolean neverSubmitted) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put(
        "applicationState",
        Map.of("state", ApplicationState.FAILED.name(), "errorMessage", errorMessage));
    status.put("terminationTime", KubernetesTime.format(at));
    if (neverSubmitted) {
      status.put("submissionAttempts", 1);
      status.put("lastSubmissionAttemptTime", KubernetesTime.format(at));
    }
    writer.patchApplicationStatus(app, status);
    event(
        WARNING,
        "SparkApplicationFailed",
        "SparkApplication " + app.name() + " failed: " + errorMessage);
  }

  /** An event about the application, from the operator. */
  void event(ClusterWriter.EventType type, String reason, String message) {
    writer.recordEvent(
        app, ClusterWriter.applicationReference(app), type, reason, message, OPERATOR);
  }

  /**
   * A normal event about one of the application's pods, from {@code component} (the scheduler, the
   * kubelet).
   */
  void podEvent(Pod pod, String component, String reason, String message) {
    writer.recordEvent(app, ClusterWriter.podReference(pod), NORMAL, reason, message, component);
  }

  /**
   * When a terminated application ended, from its status; {@code fallback} when the status does not
   * say.
   */
  static Instant terminationTime(JsonNode status, Instant fallback) {
    try {
      return Instant.parse(status.path("terminationTime").asText(""));
    } catch (DateTimeParseException e) {
      return fallback;
    }
  }
}
