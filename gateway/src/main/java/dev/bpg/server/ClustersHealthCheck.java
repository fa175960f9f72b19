package dev.bpg.server;

import com.codahale.metrics.health.HealthCheck;
import dev.bpg.cluster.ClusterWatches;

/** Healthy once every cluster's informer has listed its SparkApplications. */
final class ClustersHealthCheck extends HealthCheck {
  private final ClusterWatches watches;

  ClustersHealthCheck(ClusterWatches watches) {
    this.watches = watches;
  }

  @Override
  protected Result check() {
    return watches.allListed()
        ? Result.healthy()
        : Result.unhealthy("informers have not synced yet");
  }
}
