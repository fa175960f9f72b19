package dev.bpg.routing;

import java.util.Optional;

/**
 * Chooses the cluster for a submission.
 *
 * <p>Errors: a request that cannot be routed (no cluster serves the queue and Spark version, or a
 * pinned cluster is unknown or lacks the version) raises a user error that says why. Choosing has
 * no side effects and may be repeated.
 */
public interface ClusterRouter {
  RoutingDecision choose(String parentQueue, String sparkVersion, Optional<String> pinnedClusterId);
}
