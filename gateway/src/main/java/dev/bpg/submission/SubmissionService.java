package dev.bpg.submission;

import static java.util.Objects.requireNonNull;

import dev.bpg.config.ClusterConfig;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.routing.ClusterRouter;
import dev.bpg.routing.QueueResolver;
import dev.bpg.routing.QueueResolver.ResolvedQueue;
import dev.bpg.routing.RoutingDecision;
import dev.bpg.submission.model.SparkApplicationManifest;
import dev.bpg.submission.model.SubmitApplicationRequest;
import dev.bpg.submission.policy.QueueAccess;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a submission: validate, resolve the owner and the queue, check the queue's limits, route,
 * build the SparkApplication, record it, then hand it to the {@link ClusterDispatcher} or, when
 * {@link AdmissionControl} says there is no room, hold it QUEUED. The record is written before the
 * create, so that a crash in between leaves a trace that the reconciliation closes. An idempotency
 * key makes a retried submit answer the first submission's ID without a second application.
 */
public final class SubmissionService {
  private static final Logger LOG = LoggerFactory.getLogger(SubmissionService.class);

  private final QueueResolver queues;
  private final ClusterRouter router;
  private final ClusterClients clusters;
  private final SparkApplicationSpecBuilder specBuilder;
  private final ZonePicker zones;
  private final QueueAccess access;
  private final SubmissionStore store;
  private final SubmissionRecords records;
  private final AdmissionControl admission;
  private final ClusterDispatcher dispatcher;
  private final SubmissionMetrics metrics;
  private final Clock clock;
  private final Supplier<UUID> ids;
  private final Duration dispatchLease;

  public SubmissionService(
      QueueResolver queues,
      ClusterRouter router,
      ClusterClients clusters,
      SparkApplicationSpecBuilder specBuilder,
      ZonePicker zones,
      QueueAccess access,
      SubmissionStore store,
      SubmissionRecords records,
      AdmissionControl admission,
      ClusterDispatcher dispatcher,
      SubmissionMetrics metrics,
      Clock clock,
      Supplier<UUID> ids,
      Duration dispatchLease) {
    this.dispatchLease = requireNonNull(dispatchLease, "dispatchLease is null");
    this.queues = requireNonNull(queues, "queues is null");
    this.router = requireNonNull(router, "router is null");
    this.clusters = requireNonNull(clusters, "clusters is null");
    this.specBuilder = requireNonNull(specBuilder, "specBuilder is null");
    this.zones = requireNonNull(zones, "zones is null");
    this.access = requireNonNull(access, "access is null");
    this.store = requireNonNull(store, "store is null");
    this.records = requireNonNull(records, "records is null");
    this.admission = requireNonNull(admission, "admission is null");
    this.dispatcher = requireNonNull(dispatcher, "dispatcher is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.ids = requireNonNull(ids, "ids is null");
  }

  /**
   * Submits an application for the caller, or for {@code dagUser} when the caller may delegate.
   * With an idempotency key, a submit that repeats an earlier one of the same owner answers its ID.
   */
  public SubmissionId submit(
      SubmitApplicationRequest request,
      Caller caller,
      Optional<String> dagUser,
      Optional<String> idempotencyKey) {
    requireNonNull(request, "request is null");
    String type = RequestValidator.validate(request);
    String owner = access.ownerFor(caller.name(), dagUser);
    String maskedRequest = records.maskedRequest(request);
    if (idempotencyKey.isPresent()) {
      Optional<SubmissionRecord> earlier = store.findByIdempotencyKey(owner, idempotencyKey.get());
      if (earlier.isPresent()) {
        return replay(earlier.get(), request, maskedRequest, caller, type);
      }
    }
    Prepared prepared = prepare(request, caller, owner, type);
    metrics.routingDecision(prepared.decision().clusterId(), prepared.decision().queued());
    SpecInput input = prepared.input();
    SubmissionId id = input.id();
    Instant now = clock.instant();
    ApplicationState state = prepared.hold() ? ApplicationState.QUEUED : ApplicationState.UNKNOWN;
    try {
      store.insert(
          records.initial(
              input,
              prepared.manifest(),
              maskedRequest,
              state,
              prepared.reason(),
              idempotencyKey.orElse(null),
              now));
    } catch (GatewayException e) {
      if (e.code() == ErrorCode.SUBMISSION_EXISTS && idempotencyKey.isPresent()) {
        // Another replica recorded the same key a moment ago: its submission is the one.
        SubmissionRecord first =
            store.findByIdempotencyKey(owner, idempotencyKey.get()).orElseThrow(() -> e);
        return replay(first, request, maskedRequest, caller, type);
      }
      throw e;
    }
    LOG.info(
        "Submission {} of {} to queue {}: {}", id, owner, input.queue().name(), prepared.reason());
    if (prepared.hold()) {
      metrics.submission(input.queue().name(), input.cluster().id(), "queued");
      admission.hold(input, prepared.pin(), prepared.reason(), now);
      return id;
    }
    dispatcher.dispatch(input, Optional.of(prepared.manifest()), prepared.decision(), 1);
    return id;
  }

  /**
   * What a submit would do, after every check a submit makes: the queue, the cluster routing
   * chooses and why, whether the submission would wait QUEUED, and the SparkApplication with its
   * secrets masked. Nothing is recorded or created; an idempotency key plays no part.
   */
  public SubmissionPreview preview(
      SubmitApplicationRequest request, Caller caller, Optional<String> dagUser) {
    requireNonNull(request, "request is null");
    String type = RequestValidator.validate(request);
    String owner = access.ownerFor(caller.name(), dagUser);
    Prepared prepared = prepare(request, caller, owner, type);
    return new SubmissionPreview(
        owner,
        prepared.input().queue().name(),
        prepared.decision(),
        prepared.hold() ? Optional.of(prepared.reason()) : Optional.empty(),
        records.shown(prepared.manifest()));
  }

  /** A request checked, routed and built, before anything is recorded. */
  private record Prepared(
      SpecInput input,
      SparkApplicationManifest manifest,
      RoutingDecision decision,
      Optional<String> pin,
      boolean hold,
      String reason) {}

  private Prepared prepare(
      SubmitApplicationRequest request, Caller caller, String owner, String type) {
    ResolvedQueue queue = queues.resolve(Optional.ofNullable(request.queue()), owner);
    // A delegating caller's groups are its own, not its owner's: the owner is then known by name.
    Set<String> groups = owner.equals(caller.name()) ? caller.groups() : Set.of();
    access.checkQueue(
        queue.queue(), queue.parent(), owner, groups, Optional.ofNullable(request.queueToken()));
    long maxRunningMillis =
        RequestValidator.checkQueueLimits(request, queue.queue(), queue.parent());
    Optional<String> pin = Optional.ofNullable(request.clusterId()).filter(c -> !c.isBlank());
    pin.flatMap(clusters::findConfig)
        .ifPresent(pinned -> access.checkPin(pinned, queue.parentName(), caller.admin()));
    RoutingDecision decision = router.choose(queue.parentName(), request.sparkVersion(), pin);
    ClusterConfig cluster = clusters.getConfig(decision.clusterId());
    SubmissionId id =
        SubmissionId.create(
            cluster.id(),
            ids.get(),
            Optional.ofNullable(request.submissionIdSuffix()).filter(s -> !s.isBlank()));
    SpecInput input =
        new SpecInput(
            id,
            request,
            owner,
            caller.name(),
            queue,
            cluster,
            type,
            zones.pick(queue.parent()),
            maxRunningMillis);
    SparkApplicationManifest manifest = specBuilder.build(input);
    Optional<String> cap = admission.capReached(queue.queue(), owner);
    boolean hold = decision.queued() || cap.isPresent();
    if (hold) {
      admission.checkRoomToHold(queue.queue());
    }
    String reason = cap.map(c -> "queued: " + c).orElse(decision.reason());
    return new Prepared(input, manifest, decision, pin, hold, reason);
  }

  /**
   * A submit that repeats an earlier one with the same key: the same request answers the same ID, a
   * different one is a conflict. An earlier submission recorded but never seen on its cluster (its
   * gateway may have died before the create) is created now, once no dispatch of it can still be in
   * flight; a second create of it is harmless.
   */
  private SubmissionId replay(
      SubmissionRecord earlier,
      SubmitApplicationRequest request,
      String maskedRequest,
      Caller caller,
      String type) {
    if (!records.sameRequest(earlier.requestJson(), maskedRequest)) {
      throw new GatewayException(
          ErrorCode.IDEMPOTENCY_KEY_REUSED,
          "Idempotency-Key: "
              + earlier.idempotencyKey()
              + " was used for a different request (submission "
              + earlier.submissionId()
              + ")");
    }
    SubmissionId id = SubmissionId.parse(earlier.submissionId(), clusters.ids());
    metrics.submission(earlier.queue(), earlier.clusterId(), "replayed");
    Optional<ClusterConfig> cluster = clusters.findConfig(earlier.clusterId());
    // Dispatched again only when no dispatch may be in flight (the submit's own, or another
    // replay's, here or on another replica): the lease in the store says so, and one replay wins.
    if (earlier.state() == ApplicationState.UNKNOWN
        && !dispatcher.tracks(id.value())
        && cluster.isPresent()
        && store.takeDispatchLease(id.value(), clock.instant(), dispatchLease)) {
      ResolvedQueue queue = queues.resolve(Optional.of(earlier.queue()), earlier.owner());
      SpecInput input =
          new SpecInput(
              id,
              request,
              earlier.owner(),
              caller.name(),
              queue,
              cluster.get(),
              type,
              zones.pick(queue.parent()),
              earlier.maxRunningMillis());
      RoutingDecision onlyItsCluster =
          new RoutingDecision(
              cluster.get().id(), List.of(), List.of(cluster.get().id()), Map.of(), false);
      dispatcher.dispatch(
          input, Optional.empty(), onlyItsCluster, store.attempts(id.value()).size() + 1);
    }
    return id;
  }
}
