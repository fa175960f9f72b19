package dev.bpg.cluster;

import static java.util.Objects.requireNonNull;

import dev.bpg.routing.ClusterConditions;
import dev.bpg.routing.ClusterLoad;
import dev.bpg.routing.SubmitPacer;
import dev.bpg.submission.ClusterHealthReports;
import dev.bpg.submission.StatusCache;
import dev.bpg.submission.tracking.ClusterWatchStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether each cluster is healthy, degraded or down, from three sources: a periodic probe
 * of its API server ({@code GET /version}) plus calls that could not reach it, its creates' circuit
 * breaker ({@link CreateBreaker}), and the state of its informer. A cluster is DOWN from a failed
 * probe or an unreachable call until a probe succeeds, and while its breaker is open; DEGRADED
 * while its informer does not watch or after its probe was answered 429 or 5xx in the last half
 * minute. A create the cluster refuses (4xx) or one failed create changes nothing. Routing reads it
 * through {@link ClusterConditions}, never by calling a cluster.
 */
public final class ClusterHealthMonitor implements ClusterConditions, ClusterHealthReports {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterHealthMonitor.class);
  private static final Duration THROTTLE_MEMORY = Duration.ofSeconds(30);

  private final ClusterClientRegistry clusters;
  private final ClusterWatchStatus watches;
  private final StatusCache cache;
  private final Clock clock;
  private final ConcurrentMap<String, Observation> observations = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, CreateBreaker> breakers = new ConcurrentHashMap<>();
  private final SubmitPacer pacer;

  public ClusterHealthMonitor(
      ClusterClientRegistry clusters,
      ClusterWatchStatus watches,
      StatusCache cache,
      SubmitPacer pacer,
      Clock clock) {
    this.pacer = requireNonNull(pacer, "pacer is null");
    this.clusters = requireNonNull(clusters, "clusters is null");
    this.watches = requireNonNull(watches, "watches is null");
    this.cache = requireNonNull(cache, "cache is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * What is known of one cluster's reachability: the last failure, if it came after the last
   * success.
   */
  private record Observation(Instant since, String failure, Instant throttledAt) {
    static Observation reachable(Instant at, Instant throttledAt) {
      return new Observation(at, null, throttledAt);
    }
  }

  /** Probes one cluster's API server; called periodically for each cluster. */
  public void probe(String clusterId) {
    try {
      clusters.kubernetes(clusterId).getKubernetesVersion();
      reportReachable(clusterId);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 429 || e.getCode() >= 500) {
        reportThrottled(clusterId);
      } else {
        reportUnreachable(clusterId, describe(e));
      }
    }
  }

  public void reportReachable(String clusterId) {
    Instant now = clock.instant();
    Observation previous =
        observations.put(
            clusterId,
            Observation.reachable(
                now,
                Optional.ofNullable(observations.get(clusterId))
                    .map(Observation::throttledAt)
                    .orElse(null)));
    if (previous != null && previous.failure() != null) {
      LOG.info("Cluster {} is reachable again", clusterId);
    }
  }

  /**
   * A call failed without reaching the API server (refused, timed out): down until a probe
   * succeeds.
   */
  @Override
  public void reportUnreachable(String clusterId, String reason) {
    Instant now = clock.instant();
    observations.compute(
        clusterId,
        (id, previous) -> {
          if (previous == null || previous.failure() == null) {
            LOG.warn("Cluster {} is down: {}", clusterId, reason);
            return new Observation(now, reason, previous == null ? null : previous.throttledAt());
          }
          return new Observation(previous.since(), reason, previous.throttledAt());
        });
  }

  @Override
  public void reportCreateFailed(String clusterId, String submissionId, String owner, String why) {
    if (breaker(clusterId).failed(clock.instant(), submissionId, owner, why)) {
      LOG.warn("Cluster {}: {}", clusterId, health(clusterId).reason());
    }
  }

  @Override
  public void reportCreated(String clusterId) {
    if (breaker(clusterId).succeeded()) {
      LOG.info("Cluster {} creates again: its circuit breaker is closed", clusterId);
    }
  }

  private CreateBreaker breaker(String clusterId) {
    return breakers.computeIfAbsent(clusterId, id -> new CreateBreaker());
  }

  /** The API server answered 429 or 5xx: degraded for a while. */
  public void reportThrottled(String clusterId) {
    Instant now = clock.instant();
    observations.compute(
        clusterId,
        (id, previous) ->
            previous == null
                ? new Observation(now, null, now)
                : new Observation(previous.since(), previous.failure(), now));
  }

  public ClusterHealth health(String clusterId) {
    Observation seen = observations.get(clusterId);
    Instant now = clock.instant();
    if (seen != null && seen.failure() != null) {
      return new ClusterHealth(ClusterHealth.State.DOWN, seen.failure(), seen.since());
    }
    Optional<CreateBreaker.Open> open = breaker(clusterId).open(now);
    if (open.isPresent()) {
      return new ClusterHealth(ClusterHealth.State.DOWN, open.get().reason(), open.get().since());
    }
    Instant since = seen == null ? now : seen.since();
    if (!watches.isWatching(clusterId)) {
      return new ClusterHealth(ClusterHealth.State.DEGRADED, "its informer is not watching", since);
    }
    if (seen != null
        && seen.throttledAt() != null
        && seen.throttledAt().isAfter(now.minus(THROTTLE_MEMORY))) {
      return new ClusterHealth(
          ClusterHealth.State.DEGRADED, "it answered 429 or 5xx recently", seen.throttledAt());
    }
    return new ClusterHealth(ClusterHealth.State.HEALTHY, "reachable and watched", since);
  }

  public boolean anyHealthy() {
    return clusters.ids().stream().anyMatch(id -> health(id).state() != ClusterHealth.State.DOWN);
  }

  @Override
  public Optional<String> unavailability(String clusterId) {
    ClusterHealth health = health(clusterId);
    return health.state() == ClusterHealth.State.DOWN
        ? Optional.of(health.reason())
        : Optional.empty();
  }

  @Override
  public Optional<String> paced(String clusterId) {
    return pacer.paced(clusterId);
  }

  @Override
  public ClusterLoad load(String clusterId) {
    return cache.load(clusterId);
  }

  static String describe(KubernetesClientException e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String what =
        cause
            .getClass()
            .getSimpleName()
            .replace("Exception", "")
            .replaceAll("([a-z])([A-Z])", "$1 $2")
            .toLowerCase(Locale.ROOT);
    return e.getCode() > 0 ? "HTTP " + e.getCode() : what.isBlank() ? "unreachable" : what;
  }
}
