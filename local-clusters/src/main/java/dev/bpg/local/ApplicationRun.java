package dev.bpg.local;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a local operator does for one {@code SparkApplication}: a {@link SimulatedRun} or a {@link
 * SparkProcessRun}. The operator calls exactly one of {@link #start}, {@link #resume} and {@link
 * #adoptTerminated}, then perhaps {@link #driverPodDeleted} and {@link #cancel}. Implementations do
 * their work on the cluster's scheduler and return at once.
 */
interface ApplicationRun {

  /** Runs a new application (its state is empty). */
  void start();

  /**
   * Takes over an application that a previous operator submitted, SUBMITTED or RUNNING, and drives
   * it on to its end.
   *
   * @param status the application's status as the previous operator left it
   */
  void resume(JsonNode status);

  /** Only honours the time to live of an application that has already terminated. */
  void adoptTerminated(JsonNode status);

  /** The application's driver pod was deleted while the application still exists. */
  void driverPodDeleted();

  /**
   * Stops the run for good, because the application was deleted or the operator closes; a step in
   * progress finishes first. Pods and logs are left to the caller.
   */
  void cancel();
}
