package dev.bpg.submission;

import static java.util.Objects.requireNonNull;

import dev.bpg.config.QueueConfig;
import dev.bpg.error.GatewayException;
import dev.bpg.routing.ClusterRouter;
import dev.bpg.routing.RoutingDecision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission: whether a submission may go to a cluster now, or waits in this replica's {@link
 * AdmissionQueue} as QUEUED because every eligible cluster is full or its queue or owner is at the
 * cap; and the dispatch of what waits, in order, as room frees.
 */
public final class AdmissionControl {
  private static final Logger LOG = LoggerFactory.getLogger(AdmissionControl.class);
  private static final Duration RETRY_WHEN_FULL = Duration.ofSeconds(30);

  private final AdmissionQueue queue;
  private final ClusterRouter router;
  private final ClusterDispatcher dispatcher;
  private final StatusCache cache;
  private final StatusWriter writer;
  private final Clock clock;

  public AdmissionControl(
      AdmissionQueue queue,
      ClusterRouter router,
      ClusterDispatcher dispatcher,
      StatusCache cache,
      StatusWriter writer,
      Clock clock) {
    this.queue = requireNonNull(queue, "queue is null");
    this.router = requireNonNull(router, "router is null");
    this.dispatcher = requireNonNull(dispatcher, "dispatcher is null");
    this.cache = requireNonNull(cache, "cache is null");
    this.writer = requireNonNull(writer, "writer is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** Why the owner may not have one more application running in the queue, if they may not. */
  public Optional<String> capReached(QueueConfig queueConfig, String owner) {
    return queueCapReached(queueConfig).or(() -> ownerCapReached(queueConfig, owner));
  }

  private Optional<String> queueCapReached(QueueConfig queueConfig) {
    Integer queueCap = queueConfig.maxRunningApplications();
    if (queueCap != null && cache.activeInQueue(queueConfig.name()) >= queueCap) {
      return Optional.of(
          "queue " + queueConfig.name() + " has " + queueCap + " applications running, its limit");
    }
    return Optional.empty();
  }

  private Optional<String> ownerCapReached(QueueConfig queueConfig, String owner) {
    Integer userCap = queueConfig.maxRunningApplicationsPerUser();
    if (userCap != null && cache.activeOfOwner(queueConfig.name(), owner) >= userCap) {
      return Optional.of(
          owner
              + " has "
              + userCap
              + " applications running in queue "
              + queueConfig.name()
              + ", the limit per user");
    }
    return Optional.empty();
  }

  /**
   * Holds a submission recorded QUEUED until there is room; it is tracked at once so that its
   * status answers QUEUED with the reason.
   */
  public void hold(SpecInput input, Optional<String> pin, String reason, Instant now) {
    queue.add(new AdmissionQueue.Held(input, pin));
    cache.put(
        new TrackedApplication(
            input.id().value(),
            input.cluster().id(),
            input.cluster().namespace(),
            input.owner(),
            input.submittedBy(),
            input.queue().name(),
            now,
            input.maxRunningMillis(),
            ApplicationStatus.unknown().withState(ApplicationState.QUEUED, reason, now),
            true));
  }

  /**
   * Refuses (429) a submission that would wait when this replica already holds {@code maxQueued} of
   * its queue: the wait would only grow, and memory with it.
   */
  public void checkRoomToHold(QueueConfig queueConfig) {
    int held = queue.countInQueue(queueConfig.name());
    if (held >= queueConfig.maxQueued()) {
      throw GatewayException.tooManyRequests(
          "queue "
              + queueConfig.name()
              + " has "
              + held
              + " submissions waiting for room, its limit (queues[].maxQueued); try again later",
          RETRY_WHEN_FULL);
    }
  }

  /**
   * Dispatches held submissions in order as room frees: a submission goes only when the ones before
   * it in its queue have gone, except the ones that wait for their own owner's cap, which hold back
   * only that owner's later ones. Runs periodically and when an application ends.
   *
   * @return how many went to a cluster
   */
  public int dispatchQueued() {
    int dispatched = 0;
    Set<String> blockedQueues = new HashSet<>();
    Set<String> blockedOwners = new HashSet<>();
    for (AdmissionQueue.Held held : queue.inOrder()) {
      SpecInput input = held.input();
      String queueName = input.queue().name();
      String owner = queueName + '\u0000' + input.owner();
      if (blockedQueues.contains(queueName) || blockedOwners.contains(owner)) {
        continue;
      }
      if (queueCapReached(input.queue().queue()).isPresent()) {
        blockedQueues.add(queueName);
        continue;
      }
      if (ownerCapReached(input.queue().queue(), input.owner()).isPresent()) {
        // Only this owner waits: the others of the queue go on.
        blockedOwners.add(owner);
        continue;
      }
      Optional<RoutingDecision> decision = route(held);
      if (decision.isEmpty()) {
        blockedQueues.add(queueName);
        continue;
      }
      String id = held.submissionId();
      // Out of QUEUED before the create, so that the reconciliation's grace counts from now; a
      // database that does not answer ends the round and the submission stays held.
      boolean leaves = writer.recordNow(id, ApplicationStatus.unknown(), "dispatch");
      queue.remove(held);
      if (!leaves) {
        // Killed or closed while it waited.
        continue;
      }
      try {
        dispatcher.dispatch(input, Optional.empty(), decision.get(), 1);
        dispatched++;
      } catch (GatewayException e) {
        LOG.warn("Dispatch of queued {} failed: {}", id, e.getMessage());
      }
    }
    return dispatched;
  }

  private Optional<RoutingDecision> route(AdmissionQueue.Held held) {
    SpecInput input = held.input();
    try {
      RoutingDecision decision =
          router.choose(input.queue().parentName(), input.request().sparkVersion(), held.pin());
      return decision.queued() ? Optional.empty() : Optional.of(decision);
    } catch (GatewayException e) {
      return Optional.empty();
    }
  }

  /** Drops a held submission (it was killed); returns whether this replica held it. */
  public boolean release(String submissionId) {
    return queue.removeById(submissionId);
  }

  /** Whether this replica holds any submission. */
  public boolean holdsAny() {
    return !queue.isEmpty();
  }

  /** Held submissions of this replica, by the cluster each is meant for. */
  public Map<String, Integer> queuedByCluster() {
    return queue.countByCluster();
  }

  /** Closes what this replica holds when it stops, so that no submission is lost silently. */
  public void closeQueued(String reason) {
    for (AdmissionQueue.Held held : queue.inOrder()) {
      queue.remove(held);
      ApplicationStatus closed =
          ApplicationStatus.unknown().withState(ApplicationState.FAILED, reason, clock.instant());
      try {
        writer.recordNow(held.submissionId(), closed, "gateway");
      } catch (GatewayException e) {
        LOG.warn("Could not close queued {}: {}", held.submissionId(), e.getMessage());
      }
    }
  }
}
