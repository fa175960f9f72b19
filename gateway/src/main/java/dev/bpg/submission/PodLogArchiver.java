package dev.bpg.submission;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Keeps the logs of an application's pods after the pods are gone. The tracking tells it when an
 * application has ended, and a kill tells it before deleting one; what it copies, where, and how
 * often across replicas is its own business. Neither call throws: a log that cannot be kept is
 * recorded as such, and the kill or the tracking goes on.
 */
public interface PodLogArchiver {
  /** For a gateway without an archive. */
  PodLogArchiver NONE =
      new PodLogArchiver() {
        @Override
        public void ended(TrackedApplication application) {}

        @Override
        public void beforeDelete(TrackedApplication application) {}
      };

  /** The application has ended: its pods' logs are copied in the background; returns at once. */
  void ended(TrackedApplication application);

  /**
   * The gateway is about to delete the application and its pods: returns once their logs are read,
   * or after a bounded wait.
   */
  void beforeDelete(TrackedApplication application);

  /** The driver pod and the executor pods the application's status names. */
  static Set<String> podsOf(TrackedApplication application) {
    Set<String> pods = new LinkedHashSet<>();
    pods.add(application.driverPod());
    pods.addAll(application.status().executorStates().keySet());
    return pods;
  }
}
