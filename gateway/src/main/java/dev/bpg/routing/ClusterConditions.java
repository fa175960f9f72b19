package dev.bpg.routing;

import java.util.Optional;

/**
 * What routing needs to know of each cluster beyond its configuration: whether it can be reached,
 * and how loaded it is. Answers come from the gateway's own health checks and informers, never from
 * a call made while routing.
 */
public interface ClusterConditions {
  /** Why the cluster cannot take a submission now (it is down), or empty when it can. */
  Optional<String> unavailability(String clusterId);

  ClusterLoad load(String clusterId);

  /**
   * Why the cluster takes no more creates this moment (it is at its submit rate), or empty when it
   * does. A paced cluster is left out like a full one: submissions wait QUEUED for it.
   */
  default Optional<String> paced(String clusterId) {
    return Optional.empty();
  }

  /** Every cluster up and empty: routing by weight alone. */
  static ClusterConditions none() {
    return new ClusterConditions() {
      @Override
      public Optional<String> unavailability(String clusterId) {
        return Optional.empty();
      }

      @Override
      public ClusterLoad load(String clusterId) {
        return ClusterLoad.EMPTY;
      }
    };
  }
}
