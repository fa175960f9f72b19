package dev.bpg.submission;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bpg.cluster.Clusters;
import dev.bpg.cluster.StatusCache;
import dev.bpg.cluster.StatusTracker;
import dev.bpg.config.ClusterConfig;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.routing.ClusterRouter;
import dev.bpg.routing.QueueResolver;
import dev.bpg.routing.QueueResolver.ResolvedQueue;
import dev.bpg.routing.RoutingDecision;
import dev.bpg.store.SubmissionRecord;
import dev.bpg.store.SubmissionStore;
import dev.bpg.submission.model.SparkApplicationManifest;
import dev.bpg.submission.model.SparkPodSpec;
import dev.bpg.submission.model.SubmitApplicationRequest;
import java.time.Clock;
import java.time.Instant;
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
 * create, so that a crash in between leaves a trace, and a failed create is recorded as
 * SUBMISSION_FAILED with the reason.
 */
public final class SubmissionService {
  private static final Logger LOG = LoggerFactory.getLogger(SubmissionService.class);

  private final QueueResolver queues;
  private final ClusterRouter router;
  private final Clusters clusters;
  private final SparkApplicationSpecBuilder specBuilder;
  private final SubmissionStore store;
  private final StatusCache cache;
  private final StatusTracker tracker;
  private final ZonePicker zonePicker = new ZonePicker();
  private final Set<String> delegatingUsers;
  private final ObjectMapper json;
  private final Clock clock;
  private final Supplier<UUID> ids;

  public SubmissionService(QueueResolver queues, ClusterRouter router, Clusters clusters,
      SparkApplicationSpecBuilder specBuilder, SubmissionStore store, StatusCache cache,
      StatusTracker tracker, Set<String> delegatingUsers, ObjectMapper json, Clock clock, Supplier<UUID> ids) {
    this.queues = requireNonNull(queues, "queues is null");
    this.router = requireNonNull(router, "router is null");
    this.clusters = requireNonNull(clusters, "clusters is null");
    this.specBuilder = requireNonNull(specBuilder, "specBuilder is null");
    this.store = requireNonNull(store, "store is null");
    this.cache = requireNonNull(cache, "cache is null");
    this.tracker = requireNonNull(tracker, "tracker is null");
    this.delegatingUsers = Set.copyOf(delegatingUsers);
    this.json = requireNonNull(json, "json is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.ids = requireNonNull(ids, "ids is null");
  }

  /** Submits an application for the caller, or for {@code dagUser} when the caller may delegate. */
  public SubmissionId submit(SubmitApplicationRequest request, Caller caller, Optional<String> dagUser) {
    requireNonNull(request, "request is null");
    String type = RequestValidator.validate(request);
    String owner = delegatingUsers.contains(caller.name())
        ? dagUser.filter(u -> !u.isBlank()).orElse(caller.name()) : caller.name();
    ResolvedQueue queue = queues.resolve(Optional.ofNullable(request.queue()), owner);
    long maxRunningMillis = RequestValidator.checkQueueLimits(request, queue.queue(), queue.parent());
    RoutingDecision decision = router.choose(queue.parentName(), request.sparkVersion(),
        Optional.ofNullable(request.clusterId()).filter(c -> !c.isBlank()));
    ClusterConfig cluster = clusters.findConfig(decision.clusterId()).orElseThrow();
    SubmissionId id = SubmissionId.create(cluster.id(), ids.get(),
        Optional.ofNullable(request.submissionIdSuffix()).filter(s -> !s.isBlank()));
    SpecInput input = new SpecInput(id, request, owner, caller.name(), queue, cluster, type,
        zonePicker.pick(queue.parent()), maxRunningMillis);
    SparkApplicationManifest manifest = specBuilder.build(input);
    Instant now = clock.instant();
    store.insert(recordOf(input, manifest, decision, now));
    LOG.info("Submission {} of {} to queue {}: {}", id, owner, queue.name(), decision.reason());
    try {
      clusters.client(cluster.id()).create(manifest);
    } catch (GatewayException e) {
      ApplicationStatus failed = ApplicationStatus.unknown()
          .withState(ApplicationState.SUBMISSION_FAILED, e.getMessage(), clock.instant());
      try {
        store.recordStatus(id.value(), failed, "gateway", clock.instant());
      } catch (GatewayException storeFailure) {
        LOG.warn("Could not record the failed submission {}: {}", id, storeFailure.getMessage());
      }
      throw e;
    }
    cache.putIfAbsent(new TrackedApplication(id.value(), cluster.id(), cluster.namespace(), owner,
        caller.name(), now, maxRunningMillis, ApplicationStatus.unknown(), true));
    return id;
  }

  /**
   * Kills an application by deleting its SparkApplication; the operator then removes its pods. The
   * submission ends FAILED with who killed it, unless it had already ended.
   */
  public void kill(TrackedApplication application, Caller caller) {
    requireNonNull(application, "application is null");
    String id = application.submissionId();
    tracker.expectKill(id, caller.name());
    try {
      clusters.client(application.clusterId()).delete(application.namespace(), id);
    } catch (GatewayException e) {
      tracker.cancelKill(id);
      throw e;
    }
    if (!application.status().state().isTerminal()) {
      ApplicationStatus killed = application.status().withState(ApplicationState.FAILED,
          StatusTracker.killedMessage(caller.name()), clock.instant());
      cache.update(application.submissionId(), current -> current.withStatus(killed));
      store.recordStatus(application.submissionId(), killed, "kill:" + caller.name(), clock.instant());
    }
    LOG.info("Submission {} killed by {}", application.submissionId(), caller.name());
  }

  private SubmissionRecord recordOf(SpecInput input, SparkApplicationManifest manifest,
      RoutingDecision decision, Instant now) {
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
        mebibytes(executor.memory()), input.maxRunningMillis(), decision.reason(),
        maskedRequest(request), writeJson(manifest.spec().withoutEnv()), now,
        ApplicationState.UNKNOWN, now, null, null, null, null, null, null, null);
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

  private String writeJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new GatewayException(ErrorCode.INTERNAL_ERROR, "could not serialize the submission", e);
    }
  }
}
