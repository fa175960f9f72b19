package dev.bpg.submission;

import static java.util.Objects.requireNonNull;

import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Answers the read endpoints: live state from the status cache, history from the database, pods,
 * events and logs from the cluster. A submission is visible to its owner, to whoever submitted it
 * for the owner, and to admins; anyone else is refused (403).
 */
public final class SubmissionQueries {
  private final StatusCache cache;
  private final SubmissionStore store;
  private final ClusterClients clusters;
  private final ApplicationDirectory directory;

  /**
   * @param directory asked for Spark application IDs the store does not know
   */
  public SubmissionQueries(
      StatusCache cache,
      SubmissionStore store,
      ClusterClients clusters,
      ApplicationDirectory directory) {
    this.cache = requireNonNull(cache, "cache is null");
    this.store = requireNonNull(store, "store is null");
    this.clusters = requireNonNull(clusters, "clusters is null");
    this.directory = requireNonNull(directory, "directory is null");
  }

  /** The submission's state: live from the cache, else from history. */
  public TrackedApplication status(String submissionId, Caller caller) {
    SubmissionId.parse(submissionId, clusters.ids());
    TrackedApplication application =
        cache
            .find(submissionId)
            .or(() -> store.find(submissionId).map(SubmissionQueries::fromHistory))
            .orElseThrow(() -> notFound(submissionId));
    if (!application.isVisibleTo(caller)) {
      throw forbidden(submissionId);
    }
    return application;
  }

  /** The recorded submission, with its live status when the cluster still has it. */
  public SubmissionRecord record(String submissionId, Caller caller) {
    TrackedApplication application = status(submissionId, caller);
    SubmissionRecord record = store.find(submissionId).orElseThrow(() -> notFound(submissionId));
    return overlay(record, application);
  }

  public List<StateTransition> history(String submissionId, Caller caller) {
    status(submissionId, caller);
    return store.transitions(submissionId);
  }

  public List<CreateAttempt> attempts(String submissionId, Caller caller) {
    status(submissionId, caller);
    return store.attempts(submissionId);
  }

  /** The driver pod, when it exists. */
  public Optional<PodSummary> driver(String submissionId, Caller caller) {
    TrackedApplication application = status(submissionId, caller);
    if (!application.live()) {
      return Optional.empty();
    }
    return clientOf(application).findPod(application.namespace(), application.driverPod());
  }

  /** Events of the application and of its driver pod; empty once the cluster has dropped them. */
  public Events events(TrackedApplication application) {
    SparkApplicationClient client = clientOf(application);
    return new Events(
        client.events(application.namespace(), application.submissionId()),
        client.events(application.namespace(), application.driverPod()));
  }

  /** Events about the application itself and about its driver pod. */
  public record Events(List<ClusterEvent> application, List<ClusterEvent> driver) {}

  /**
   * The log of the driver ({@code execId} empty or ending in {@code driver}) or of executor {@code
   * execId}; with {@code follow}, it follows while the pod runs. Empty when the pod is gone or has
   * not started.
   */
  public Optional<InputStream> log(
      String submissionId, String execId, Caller caller, boolean follow) {
    TrackedApplication application = status(submissionId, caller);
    if (!application.live()) {
      return Optional.empty();
    }
    String pod = podOf(application, execId);
    SparkApplicationClient client = clientOf(application);
    Optional<PodSummary> summary = client.findPod(application.namespace(), pod);
    if (summary.isEmpty() || !summary.get().isRunningOrDone()) {
      return Optional.empty();
    }
    return client.openLog(
        application.namespace(), pod, follow && "Running".equals(summary.get().phase()));
  }

  /**
   * The submission ID of a Spark application ID: from the records, else (an earlier attempt's ID,
   * or a run whose ID the gateway never saw) from the application directory, for a submission the
   * gateway has a record of.
   */
  public String submissionIdOf(String sparkApplicationId) {
    Optional<String> recorded = store.findIdBySparkApplicationId(sparkApplicationId);
    if (recorded.isPresent()) {
      return recorded.get();
    }
    String id =
        directory
            .submissionIdOf(sparkApplicationId)
            .orElseThrow(
                () ->
                    new GatewayException(
                        ErrorCode.SUBMISSION_NOT_FOUND,
                        "appId: no submission has Spark application ID " + sparkApplicationId));
    if (cache.find(id).isEmpty() && store.find(id).isEmpty()) {
      throw new GatewayException(
          ErrorCode.SUBMISSION_NOT_FOUND,
          "appId: Spark application "
              + sparkApplicationId
              + " ran for submission "
              + id
              + ", says the Spark History Server, but this gateway has no record of it");
    }
    return id;
  }

  /** The caller's submissions (as owner or as the one who submitted them), newest first. */
  public List<SubmissionRecord> mine(Caller caller, int limit) {
    SubmissionFilter filter =
        new SubmissionFilter(
            Optional.of(caller.name()),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    return search(filter, Optional.empty(), limit).submissions();
  }

  /** A page of a history search, each entry with its live state when it has one. */
  public SubmissionPage search(SubmissionFilter filter, Optional<PageCursor> cursor, int limit) {
    SubmissionPage page = store.search(filter, cursor, limit);
    return new SubmissionPage(
        page.submissions().stream()
            .map(r -> cache.find(r.submissionId()).map(live -> overlay(r, live)).orElse(r))
            .toList(),
        page.next());
  }

  /** Every submission, newest first, optionally of one application name; for admins. */
  public void all(
      Optional<String> applicationName, int limit, Consumer<SubmissionRecord> consumer) {
    store.forEach(
        applicationName,
        limit,
        r -> consumer.accept(cache.find(r.submissionId()).map(live -> overlay(r, live)).orElse(r)));
  }

  public Optional<TrackedApplication> live(String submissionId) {
    return cache.find(submissionId);
  }

  private SparkApplicationClient clientOf(TrackedApplication application) {
    return clusters.client(application.clusterId());
  }

  private static String podOf(TrackedApplication application, String execId) {
    if (execId == null || execId.isBlank() || execId.endsWith("driver")) {
      return application.driverPod();
    }
    String suffix = "exec-" + execId.trim();
    return application.status().executorStates().keySet().stream()
        .filter(name -> name.endsWith(suffix))
        .findFirst()
        .orElse(application.submissionId() + "-" + suffix);
  }

  private static TrackedApplication fromHistory(SubmissionRecord r) {
    ApplicationStatus status =
        new ApplicationStatus(
            r.state(),
            r.errorMessage(),
            r.sparkApplicationId(),
            r.executionAttempts(),
            r.finishedAt(),
            r.driverPod(),
            Map.of());
    return new TrackedApplication(
        r.submissionId(),
        r.clusterId(),
        r.namespace(),
        r.owner(),
        r.submittedBy(),
        r.queue(),
        r.createdAt(),
        r.maxRunningMillis(),
        status,
        false);
  }

  /** The record with the live state, which may be ahead of what the database has. */
  private static SubmissionRecord overlay(SubmissionRecord r, TrackedApplication live) {
    if (!live.live()) {
      return r;
    }
    ApplicationStatus s = live.status();
    return r.withStatus(
        r.state().isTerminal() ? r.state() : s.state(),
        s.errorMessage() != null ? s.errorMessage() : r.errorMessage(),
        s.sparkApplicationId() != null ? s.sparkApplicationId() : r.sparkApplicationId(),
        s.executionAttempts() != null ? s.executionAttempts() : r.executionAttempts(),
        s.driverPodName() != null ? s.driverPodName() : r.driverPod(),
        s.terminationTime() != null ? s.terminationTime() : r.finishedAt());
  }

  private static GatewayException notFound(String submissionId) {
    return new GatewayException(
        ErrorCode.SUBMISSION_NOT_FOUND, "submission " + submissionId + " does not exist");
  }

  private static GatewayException forbidden(String submissionId) {
    return new GatewayException(
        ErrorCode.FORBIDDEN,
        "submission "
            + submissionId
            + " belongs to another user; only its owner and admins may see it");
  }
}
