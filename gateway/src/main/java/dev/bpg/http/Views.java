package dev.bpg.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bpg.config.ClusterConfig;
import dev.bpg.http.dto.DryRunResponse;
import dev.bpg.http.dto.GetSubmissionStatusResponse;
import dev.bpg.http.dto.SubmissionSummary;
import dev.bpg.routing.RoutingDecision;
import dev.bpg.submission.ApplicationState;
import dev.bpg.submission.ApplicationStatus;
import dev.bpg.submission.ClusterClients;
import dev.bpg.submission.SubmissionPreview;
import dev.bpg.submission.SubmissionRecord;
import dev.bpg.submission.TrackedApplication;
import dev.bpg.submission.model.SparkApplicationManifest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Turns the gateway's model into the reference gateway's answers. */
final class Views {
  private static final long TWELVE_HOURS = Duration.ofHours(12).toMillis();
  private static final long KILL_MARGIN = Duration.ofMinutes(2).toMillis();

  private final ClusterClients clusters;
  private final Clock clock;
  private final ObjectMapper json;

  Views(ClusterClients clusters, Clock clock, ObjectMapper json) {
    this.json = requireNonNull(json, "json is null");
    this.clusters = requireNonNull(clusters, "clusters is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  GetSubmissionStatusResponse status(TrackedApplication app) {
    ApplicationStatus s = app.status();
    long created = app.creationTime().toEpochMilli();
    Long terminated = s.terminationTime() == null ? null : s.terminationTime().toEpochMilli();
    return new GetSubmissionStatusResponse(
        created,
        s.sparkApplicationId(),
        s.executionAttempts() == null ? 1 : s.executionAttempts(),
        terminated,
        duration(s.state(), created, terminated),
        s.state().name(),
        errorMessage(s, app.maxRunningMillis(), created, terminated),
        link(Links::sparkUi, app.clusterId(), app.namespace(), app.submissionId(), s),
        link(Links::historyServer, app.clusterId(), app.namespace(), app.submissionId(), s));
  }

  SubmissionSummary summary(SubmissionRecord r) {
    long created = r.createdAt().toEpochMilli();
    Long terminated = r.finishedAt() == null ? null : r.finishedAt().toEpochMilli();
    Double driverGb = gigabytes(r.driverMemoryMb());
    Double executorGb = gigabytes(r.executorMemoryMb());
    int instances = r.executorInstances() == null ? 0 : r.executorInstances();
    int driverCores = r.driverCores() == null ? 1 : r.driverCores();
    int executorCores = r.executorCores() == null ? 0 : r.executorCores();
    double totalMemory =
        (driverGb == null ? 0 : driverGb) + instances * (executorGb == null ? 0 : executorGb);
    return new SubmissionSummary(
        r.submissionId(),
        r.owner(),
        r.submittedBy(),
        "root." + r.queue(),
        r.clusterId(),
        r.dagName(),
        r.taskName(),
        created,
        r.sparkApplicationId(),
        r.executionAttempts() == null ? 1 : r.executionAttempts(),
        terminated,
        epochMillis(r.startedAt()),
        epochMillis(r.stateChangedAt()),
        duration(r.state(), created, terminated),
        r.state().name(),
        r.errorMessage(),
        link(Links::sparkUi, r),
        link(Links::historyServer, r),
        driverCores,
        driverGb,
        instances,
        executorCores,
        executorGb,
        instances * executorCores + driverCores,
        totalMemory,
        r.sparkVersion(),
        r.applicationName(),
        r.arguments());
  }

  private long duration(ApplicationState state, long created, Long terminated) {
    if (terminated != null) {
      return Math.max(0, terminated - created);
    }
    if (state == ApplicationState.RUNNING || state == ApplicationState.SUBMITTED) {
      return Math.max(0, clock.millis() - created);
    }
    return 0;
  }

  /** The operator's message, with the reference gateway's notes about the running-time limit. */
  private String errorMessage(
      ApplicationStatus s, long maxRunningMillis, long created, Long terminated) {
    String message = s.errorMessage();
    if (maxRunningMillis > TWELVE_HOURS) {
      message =
          append(
              message,
              "Warning: the maximum running time is above 12 hours (" + maxRunningMillis + " ms)");
    }
    if (s.state() == ApplicationState.FAILED && maxRunningMillis > 0) {
      long end = terminated == null ? clock.millis() : terminated;
      if (end - created >= maxRunningMillis - KILL_MARGIN) {
        message = append(message, "(application might be killed because of running too long)");
      }
    }
    return message;
  }

  private static String append(String message, String note) {
    return message == null || message.isBlank() ? note : message + " " + note;
  }

  /** One of a submission's links, from its cluster's template. */
  @FunctionalInterface
  private interface Link {
    Optional<String> of(
        ClusterConfig cluster,
        String namespace,
        String submissionId,
        String appId,
        ApplicationState state);
  }

  private String link(
      Link link, String clusterId, String namespace, String id, ApplicationStatus status) {
    return clusters
        .findConfig(clusterId)
        .flatMap(
            cluster -> link.of(cluster, namespace, id, status.sparkApplicationId(), status.state()))
        .orElse(null);
  }

  private String link(Link link, SubmissionRecord r) {
    return clusters
        .findConfig(r.clusterId())
        .flatMap(
            cluster ->
                link.of(
                    cluster, r.namespace(), r.submissionId(), r.sparkApplicationId(), r.state()))
        .orElse(null);
  }

  private static Double gigabytes(Long mebibytes) {
    return mebibytes == null ? null : mebibytes / 1024.0;
  }

  static Long epochMillis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  /** A dry run's answer, with the resource as it would be sent, secrets masked. */
  DryRunResponse dryRun(SubmissionPreview preview) {
    SparkApplicationManifest manifest = preview.sparkApplication();
    ObjectNode resource = json.createObjectNode();
    resource.put("apiVersion", SparkApplicationManifest.API_VERSION);
    resource.put("kind", SparkApplicationManifest.KIND);
    ObjectNode metadata = resource.putObject("metadata");
    metadata.put("name", manifest.name());
    metadata.put("namespace", manifest.namespace());
    metadata.set("labels", json.valueToTree(manifest.labels()));
    metadata.set("annotations", json.valueToTree(manifest.annotations()));
    resource.set("spec", json.valueToTree(manifest.spec()));
    RoutingDecision decision = preview.decision();
    return new DryRunResponse(
        true,
        preview.owner(),
        preview.queue(),
        decision.clusterId(),
        decision.reason(),
        decision.eligible(),
        decision.excluded(),
        preview.heldBecause().isPresent(),
        preview.heldBecause().orElse(null),
        resource);
  }
}
