package dev.bpg.routing;

import static java.util.Objects.requireNonNull;

import dev.bpg.config.ClusterConfig;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.IntSupplier;

/**
 * Paces the creates sent to each cluster with a {@code maxSubmitRate}: a token bucket per cluster
 * that refills at this replica's share of the rate (the rate divided by the live replicas, as the
 * heartbeats in the database count them) and holds one second of it. Routing leaves a cluster out
 * while its bucket is empty, so that submissions wait QUEUED and are dispatched, in order, as it
 * refills; each create takes a token. The replicas share a rate without talking to each other: a
 * replica that starts or stops changes the others' share at their next heartbeat. Thread-safe.
 */
public final class SubmitPacer {
  private final Map<String, Double> rates = new HashMap<>();
  private final Map<String, double[]> buckets = new HashMap<>();
  private final IntSupplier replicas;
  private final Clock clock;

  public SubmitPacer(List<ClusterConfig> clusters, IntSupplier replicas, Clock clock) {
    for (ClusterConfig cluster : clusters) {
      if (cluster.maxSubmitRate() != null) {
        rates.put(cluster.id(), cluster.maxSubmitRate());
        // {tokens, the clock's millis at the last refill}
        buckets.put(cluster.id(), new double[] {1, Double.NaN});
      }
    }
    this.replicas = requireNonNull(replicas, "replicas is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** The cluster's configured rate, if it has one. */
  public OptionalDouble configuredRate(String clusterId) {
    Double rate = rates.get(clusterId);
    return rate == null ? OptionalDouble.empty() : OptionalDouble.of(rate);
  }

  /** This replica's share of the cluster's rate, if it has one. */
  public OptionalDouble share(String clusterId) {
    Double rate = rates.get(clusterId);
    return rate == null
        ? OptionalDouble.empty()
        : OptionalDouble.of(rate / Math.max(1, replicas.getAsInt()));
  }

  /** Why the cluster takes no create now, or empty when it does. */
  public Optional<String> paced(String clusterId) {
    double[] bucket = buckets.get(clusterId);
    if (bucket == null) {
      return Optional.empty();
    }
    synchronized (bucket) {
      refill(clusterId, bucket);
      if (bucket[0] >= 1) {
        return Optional.empty();
      }
    }
    return Optional.of(
        "at its submit rate of "
            + rates.get(clusterId)
            + " a second ("
            + String.format("%.3g", share(clusterId).getAsDouble())
            + " for this replica)");
  }

  /** A create was sent to the cluster: it takes a token (the bucket may owe one for a while). */
  public void took(String clusterId) {
    double[] bucket = buckets.get(clusterId);
    if (bucket == null) {
      return;
    }
    synchronized (bucket) {
      refill(clusterId, bucket);
      bucket[0] -= 1;
    }
  }

  private void refill(String clusterId, double[] bucket) {
    double share = share(clusterId).getAsDouble();
    double capacity = Math.max(1, share);
    long now = clock.millis();
    if (!Double.isNaN(bucket[1])) {
      bucket[0] = Math.min(capacity, bucket[0] + Math.max(0, now - bucket[1]) * share / 1000);
    }
    bucket[1] = now;
  }
}
