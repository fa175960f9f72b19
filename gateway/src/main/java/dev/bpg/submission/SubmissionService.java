package dev.bpg.submission;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bpg.cluster.ClusterHealthMonitor;
import dev.bpg.cluster.Clusters;
import dev.bpg.cluster.StatusCache;
import dev.bpg.cluster.StatusTracker;
import dev.bpg.config.ClusterConfig;
import dev.bpg.config.QueueConfig;
import dev.bpg.error.ErrorCategory;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.metrics.GatewayMetrics;
import dev.bpg.routing.ClusterRouter;
import dev.bpg.routing.QueueResolver;
import dev.bpg.routing.QueueResolver.ResolvedQueue;
import dev.bpg.routing.RoutingDecision;
import dev.bpg.store.CreateAttempt;
import dev.bpg.store.SubmissionRecord;
import dev.bpg.store.SubmissionStore;
import dev.bpg.submission.model.SparkApplicationManifest;
import dev.bpg.submission.model.SparkPodSpec;
import dev.bpg.submission.model.SubmitApplicationRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits and kills applications: validate, resolve the queue, check its limits, route, build the
 * SparkApplication, record it, create it on the chosen cluster. The record is written before the
 * create, so that a crash in between leaves a trace that reconciliation closes. A create that fails
 * for a reason that is not the request's (the cluster is unreachable, throttles or fails) is tried on
 * the next eligible cluster, a bounded number of times, and every attempt is recorded. A submission
 * whose clusters are all full, or whose queue or owner is at its cap, waits in this replica's {@link
 * AdmissionQueue} as QUEUED and is dispatched in order when room frees. An idempotency key makes a
 * retried submit answer the first submission's ID without a second application.
 */
public final class SubmissionService {
  private static final Logger LOG = LoggerFactory.getLogger(SubmissionService.class);

  private final QueueResolver queues;
  private final ClusterRouter router;
  private final Clusters clusters;
  private final ClusterHealthMonitor health;
  private final SparkApplicationSpecBuilder specBuilder;
  private final SubmissionStore store;
  private final StatusCache cache;
  private final StatusTracker tracker;
  private final AdmissionQueue admission = new AdmissionQueue();
  private final ZonePicker zonePicker = new ZonePicker();
  private final Set<String> delegatingUsers;
  private final int maxAttempts;
  private final String replicaId;
  private final ObjectMapper json;
  private final Clock clock;
  private final Supplier<UUID> ids;
  private final GatewayMetrics metrics;

  public SubmissionService(QueueResolver queues, ClusterRouter router, Clusters clusters,
      ClusterHealthMonitor health, SparkApplicationSpecBuilder specBuilder, SubmissionStore store,
      StatusCache cache, StatusTracker tracker, Set<String> delegatingUsers, int maxAttempts,
      String replicaId, ObjectMapper json, Clock clock, Supplier<UUID> ids, GatewayMetrics metrics) {
    this.queues = requireNonNull(queues, "queues is null");
    this.router = requireNonNull(router, "router is null");
    this.clusters = requireNonNull(clusters, "clusters is null");
    this.health = requireNonNull(health, "health is null");
    this.specBuilder = requireNonNull(specBuilder, "specBuilder is null");
    this.store = requireNonNull(store, "store is null");
    this.cache = requireNonNull(cache, "cache is null");
    this.tracker = requireNonNull(tracker, "tracker is null");
    this.delegatingUsers = Set.copyOf(delegatingUsers);
    this.maxAttempts = maxAttempts;
    this.replicaId = requireNonNull(replicaId, "replicaId is null");
    this.json = requireNonNull(json, "json is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.ids = requireNonNull(ids, "ids is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
  }

  /**
   * Submits an application for the caller, or for {@code dagUser} when the caller may delegate. With
   * an idempotency key, a submit that repeats an earlier one of the same owner answers its ID.
   */
  public SubmissionId submit(SubmitApplicationRequest request, Caller caller, Optional<String> dagUser,
      Optional<String> idempotencyKey) {
    requireNonNull(request, "request is null");
    String type = RequestValidator.validate(request);
    String owner = delegatingUsers.contains(caller.name())
        ? dagUser.filter(u -> !u.isBlank()).orElse(caller.name()) : caller.name();
    String maskedRequest = maskedRequest(request);
    if (idempotencyKey.isPresent()) {
      Optional<SubmissionRecord> earlier = store.findByIdempotencyKey(owner, idempotencyKey.get());
      if (earlier.isPresent()) {
        return replay(earlier.get(), request, maskedRequest, caller, type);
      }
    }
    ResolvedQueue queue = queues.resolve(Optional.ofNullable(request.queue()), owner);
    long maxRunningMillis = RequestValidator.checkQueueLimits(request, queue.queue(), queue.parent());
    Optional<String> pin = Optional.ofNullable(request.clusterId()).filter(c -> !c.isBlank());
    RoutingDecision decision = router.choose(queue.parentName(), request.sparkVersion(), pin);
    metrics.routingDecision(decision.clusterId(), decision.queued());
    ClusterConfig cluster = config(decision.clusterId());
    SubmissionId id = SubmissionId.create(cluster.id(), ids.get(),
        Optional.ofNullable(request.submissionIdSuffix()).filter(s -> !s.isBlank()));
    SpecInput input = new SpecInput(id, request, owner, caller.name(), queue, cluster, type,
        zonePicker.pick(queue.parent()), maxRunningMillis);
    SparkApplicationManifest manifest = specBuilder.build(input);
    Optional<String> cap = capReached(queue.queue(), owner);
    boolean hold = decision.queued() || cap.isPresent();
    String reason = cap.map(c -> "queued: " + c).orElse(decision.reason());
    Instant now = clock.instant();
    try {
      store.insert(recordOf(input, manifest, reason, maskedRequest, now,
          hold ? ApplicationState.QUEUED : ApplicationState.UNKNOWN, idempotencyKey.orElse(null)));
    } catch (GatewayException e) {
      if (e.code() == ErrorCode.SUBMISSION_EXISTS && idempotencyKey.isPresent()) {
        // Another replica recorded the same key a moment ago: its submission is the one.
        SubmissionRecord first = store.findByIdempotencyKey(owner, idempotencyKey.get()).orElseThrow(() -> e);
        return replay(first, request, maskedRequest, caller, type);
      }
      throw e;
    }
    LOG.info("Submission {} of {} to queue {}: {}", id, owner, queue.name(), reason);
    if (hold) {
      metrics.submission(queue.name(), cluster.id(), "queued");
      admission.add(new AdmissionQueue.Held(input, pin));
      cache.put(new TrackedApplication(id.value(), cluster.id(), cluster.namespace(), owner, caller.name(),
          queue.name(), now, maxRunningMillis, ApplicationStatus.unknown().withState(ApplicationState.QUEUED,
              reason, now), true));
      return id;
    }
    dispatch(input, decision, 1);
    return id;
  }

  /**
   * Creates the application on the decision's cluster, or on its fallbacks when a cluster cannot be
   * used; records every attempt. Throws the last failure when no cluster took it.
   */
  private void dispatch(SpecInput input, RoutingDecision decision, int firstSequence) {
    String id = input.id().value();
    List<String> order = decision.attemptOrder();
    List<String> failures = new ArrayList<>();
    for (int attempt = 0; attempt < Math.min(maxAttempts, order.size()); attempt++) {
      ClusterConfig cluster = config(order.get(attempt));
      SpecInput target = input.onCluster(cluster);
      SparkApplicationManifest manifest = specBuilder.build(target);
      if (!cluster.id().equals(input.cluster().id())) {
        if (attempt > 0) {
          metrics.failover(order.get(attempt - 1), cluster.id());
        }
        store.moveToCluster(id, cluster.id(), cluster.namespace(), writeJson(manifest.spec().withoutEnv()),
            decision.reason() + "; after " + String.join("; ", failures) + ", tried " + cluster.id());
      }
      try {
        clusters.client(cluster.id()).create(manifest);
        store.recordAttempt(id, firstSequence + attempt, cluster.id(), CreateAttempt.Outcome.CREATED, null,
            clock.instant());
        metrics.submission(input.queue().name(), cluster.id(), "created");
        cache.putCreated(new TrackedApplication(id, cluster.id(), cluster.namespace(), input.owner(),
            input.submittedBy(), input.queue().name(), clock.instant(), input.maxRunningMillis(),
            ApplicationStatus.unknown(), true));
        return;
      } catch (GatewayException e) {
        if (e.code() == ErrorCode.SUBMISSION_EXISTS) {
          // The name is the submission's own: an earlier try of this submission created it.
          store.recordAttempt(id, firstSequence + attempt, cluster.id(), CreateAttempt.Outcome.CREATED,
              "it existed already", clock.instant());
          return;
        }
        boolean retryable = e.code().category() == ErrorCategory.CLUSTER_UNAVAILABLE;
        store.recordAttempt(id, firstSequence + attempt, cluster.id(),
            retryable ? CreateAttempt.Outcome.UNAVAILABLE : CreateAttempt.Outcome.REJECTED, e.getMessage(),
            clock.instant());
        if (!retryable) {
          metrics.submission(input.queue().name(), cluster.id(), "rejected");
          fail(id, e.getMessage());
          throw e;
        }
        health.reportUnreachable(cluster.id(), e.getMessage());
        failures.add(cluster.id() + ": " + e.getMessage());
        LOG.warn("Create of {} on {} failed ({}); {}", id, cluster.id(), e.getMessage(),
            attempt + 1 < Math.min(maxAttempts, order.size()) ? "trying the next cluster" : "giving up");
      }
    }
    String message = "no cluster could take the application: " + String.join("; ", failures);
    metrics.submission(input.queue().name(), input.cluster().id(), "failed");
    fail(id, message);
    throw new GatewayException(ErrorCode.CLUSTER_UNAVAILABLE, message);
  }

  private void fail(String id, String message) {
    ApplicationStatus failed = ApplicationStatus.unknown()
        .withState(ApplicationState.SUBMISSION_FAILED, message, clock.instant());
    try {
      store.recordStatus(id, failed, "gateway", clock.instant());
      cache.update(id, current -> current.withStatus(failed));
    } catch (GatewayException storeFailure) {
      LOG.warn("Could not record the failed submission {}: {}", id, storeFailure.getMessage());
    }
  }

  /**
   * A submit that repeats an earlier one with the same key: the same request answers the same ID, a
   * different one is a conflict. An earlier submission recorded but never seen on its cluster (its
   * gateway may have died before the create) is created now; a second create of it is harmless.
   */
  private SubmissionId replay(SubmissionRecord earlier, SubmitApplicationRequest request, String maskedRequest,
      Caller caller, String type) {
    if (!sameJson(earlier.requestJson(), maskedRequest)) {
      throw new GatewayException(ErrorCode.IDEMPOTENCY_KEY_REUSED, "Idempotency-Key: " + earlier.idempotencyKey()
          + " was used for a different request (submission " + earlier.submissionId() + ")");
    }
    SubmissionId id = SubmissionId.parse(earlier.submissionId(), clusters.ids());
    metrics.submission(earlier.queue(), earlier.clusterId(), "replayed");
    if (earlier.state() == ApplicationState.UNKNOWN && cache.find(id.value()).isEmpty()) {
      Optional<ClusterConfig> cluster = clusters.findConfig(earlier.clusterId());
      if (cluster.isPresent()) {
        ResolvedQueue queue = queues.resolve(Optional.of(earlier.queue()), earlier.owner());
        SpecInput input = new SpecInput(id, request, earlier.owner(), caller.name(), queue, cluster.get(), type,
            zonePicker.pick(queue.parent()), earlier.maxRunningMillis());
        dispatch(input, new RoutingDecision(cluster.get().id(), List.of(), List.of(cluster.get().id()),
            Map.of(), false), store.attempts(id.value()).size() + 1);
      }
    }
    return id;
  }

  /**
   * Dispatches held submissions in order as room frees: a submission of a queue goes only when the
   * ones of that queue before it have gone. Called periodically and when applications end.
   */
  public int dispatchQueued() {
    int dispatched = 0;
    Set<String> blockedQueues = new java.util.HashSet<>();
    for (AdmissionQueue.Held held : admission.inOrder()) {
      SpecInput input = held.input();
      String queueName = input.queue().name();
      if (blockedQueues.contains(queueName)) {
        continue;
      }
      if (capReached(input.queue().queue(), input.owner()).isPresent()) {
        blockedQueues.add(queueName);
        continue;
      }
      RoutingDecision decision;
      try {
        decision = router.choose(input.queue().parentName(), input.request().sparkVersion(), held.pin());
      } catch (GatewayException e) {
        blockedQueues.add(queueName);
        continue;
      }
      if (decision.queued()) {
        blockedQueues.add(queueName);
        continue;
      }
      admission.remove(held);
      String id = input.id().value();
      ApplicationStatus leaving = ApplicationStatus.unknown();
      if (!store.recordStatus(id, leaving, "dispatch", clock.instant())) {
        // Killed or closed while it waited.
        continue;
      }
      try {
        dispatch(input, decision, 1);
        dispatched++;
      } catch (GatewayException e) {
        LOG.warn("Dispatch of queued {} failed: {}", id, e.getMessage());
      }
    }
    return dispatched;
  }

  /** Held submissions of this replica, by the cluster each is meant for. */
  public Map<String, Integer> queuedByCluster() {
    return admission.countByCluster();
  }

  /** Closes what this replica holds when it stops, so that no submission is lost silently. */
  public void closeQueued(String reason) {
    for (AdmissionQueue.Held held : admission.inOrder()) {
      admission.remove(held);
      ApplicationStatus closed = ApplicationStatus.unknown()
          .withState(ApplicationState.FAILED, reason, clock.instant());
      try {
        store.recordStatus(held.input().id().value(), closed, "gateway", clock.instant());
      } catch (GatewayException e) {
        LOG.warn("Could not close queued {}: {}", held.input().id(), e.getMessage());
      }
    }
  }

  private Optional<String> capReached(QueueConfig queue, String owner) {
    if (queue.maxRunningApplications() != null
        && cache.activeInQueue(queue.name()) >= queue.maxRunningApplications()) {
      return Optional.of("queue " + queue.name() + " has " + queue.maxRunningApplications()
          + " applications running, its limit");
    }
    if (queue.maxRunningApplicationsPerUser() != null
        && cache.activeOfOwner(queue.name(), owner) >= queue.maxRunningApplicationsPerUser()) {
      return Optional.of(owner + " has " + queue.maxRunningApplicationsPerUser()
          + " applications running in queue " + queue.name() + ", the limit per user");
    }
    return Optional.empty();
  }

  /**
   * Kills an application by deleting its SparkApplication; the operator then removes its pods. The
   * submission ends FAILED with who killed it, unless it had already ended. A held one is dropped.
   */
  public void kill(TrackedApplication application, Caller caller) {
    requireNonNull(application, "application is null");
    String id = application.submissionId();
    ApplicationState state = application.status().state();
    if (state == ApplicationState.QUEUED) {
      admission.removeById(id);
    } else {
      tracker.expectKill(id, caller.name());
      try {
        clusters.client(application.clusterId()).delete(application.namespace(), id);
      } catch (GatewayException e) {
        tracker.cancelKill(id);
        throw e;
      }
    }
    if (!state.isTerminal()) {
      ApplicationStatus killed = application.status().withState(ApplicationState.FAILED,
          StatusTracker.killedMessage(caller.name()), clock.instant());
      cache.update(id, current -> current.withStatus(killed));
      store.recordStatus(id, killed, "kill:" + caller.name(), clock.instant());
    }
    LOG.info("Submission {} killed by {}", id, caller.name());
  }

  private ClusterConfig config(String clusterId) {
    return clusters.findConfig(clusterId).orElseThrow(() -> new GatewayException(ErrorCode.CLUSTER_UNAVAILABLE,
        "cluster " + clusterId + " is no longer configured in this gateway"));
  }

  private SubmissionRecord recordOf(SpecInput input, SparkApplicationManifest manifest, String reason,
      String maskedRequest, Instant now, ApplicationState state, String idempotencyKey) {
    SubmitApplicationRequest request = input.request();
    SparkPodSpec driver = manifest.spec().driver();
    SparkPodSpec executor = manifest.spec().executor();
    Map<String, String> driverLabels = driver.labels() == null ? Map.of() : driver.labels();
    return new SubmissionRecord(
        input.id().value(), input.cluster().id(), manifest.namespace(), input.owner(),
        input.submittedBy(), input.queue().name(), request.sparkVersion(), request.applicationName(),
        input.type(), request.mainClass(), request.arguments(),
        driverLabels.get("dag_name"), driverLabels.get("task_name"),
        driver.cores(), mebibytes(driver.memory()), executor.instances(), executor.cores(),
        mebibytes(executor.memory()), input.maxRunningMillis(), reason,
        maskedRequest, writeJson(manifest.spec().withoutEnv()), now,
        state, now, state == ApplicationState.QUEUED ? reason : null, null, null, null, null, null, null,
        idempotencyKey, state == ApplicationState.QUEUED ? replicaId : null);
  }

  private static Long mebibytes(String memory) {
    return memory == null ? null : (long) Math.ceil(Quantities.parseMebibytes(memory));
  }

  /** The request as stored: environment variables (they may hold secrets) and the queue token removed. */
  private String maskedRequest(SubmitApplicationRequest request) {
    ObjectNode tree = json.valueToTree(request);
    for (String pod : new String[] {"driver", "executor"}) {
      if (tree.get(pod) instanceof ObjectNode node) {
        node.remove("env");
      }
    }
    if (tree.has("queueToken")) {
      tree.put("queueToken", "***");
    }
    return writeJson(tree);
  }

  private boolean sameJson(String a, String b) {
    try {
      return json.readTree(a).equals(json.readTree(b));
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  private String writeJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new GatewayException(ErrorCode.INTERNAL_ERROR, "could not serialize the submission", e);
    }
  }
}
