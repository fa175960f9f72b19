package dev.bpg.server;

import com.codahale.metrics.health.HealthCheck;
import dev.bpg.cluster.Clusters;

/** Healthy once every cluster's informer has listed its SparkApplications. */
final class ClustersHealthCheck extends HealthCheck {
  private final Clusters clusters;

  ClustersHealthCheck(Clusters clusters) {
    this.clusters = clusters;
  }

  @Override
  protected Result check() {
    return clusters.informersSynced() ? Result.healthy() : Result.unhealthy("informers have not synced yet");
  }
}
