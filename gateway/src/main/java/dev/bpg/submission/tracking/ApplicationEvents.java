package dev.bpg.submission.tracking;

import dev.bpg.submission.ApplicationStatus;
import dev.bpg.submission.TrackedApplication;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What a cluster's watch reports, in the domain's terms: the watch adapter turns each
 * SparkApplication it lists or is told about into a {@link TrackedApplication}. Calls for one
 * cluster come from one thread, in the order the cluster reported them; calls for different
 * clusters may come at once.
 */
public interface ApplicationEvents {
  /** The cluster holds the application in this state (listed, added or changed). */
  void applied(TrackedApplication observed);

  /**
   * The application is gone from the cluster.
   *
   * @param lastSeen its status in the deletion event, when the event had one
   */
  void deleted(String clusterId, String submissionId, Optional<ApplicationStatus> lastSeen);

  /**
   * The watch has listed the cluster: {@code present} is every application it holds, as of {@code
   * listedAt}. Those the gateway tracks on that cluster and the list lacks were deleted while the
   * watch was down.
   */
  void listed(String clusterId, Set<String> present, Instant listedAt);
}
