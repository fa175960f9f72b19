package dev.bpg.submission;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A submission as the gateway knows it live: where it runs, whose it is, its limits and its last
 * status. Entries are small and immutable; a status change replaces the entry. {@code live} is true
 * while the application exists on its cluster, false for one read back from history.
 */
public record TrackedApplication(
    String submissionId,
    String clusterId,
    String namespace,
    String owner,
    String submittedBy,
    String queue,
    Instant creationTime,
    long maxRunningMillis,
    ApplicationStatus status,
    boolean live) {

  public TrackedApplication {
    requireNonNull(submissionId, "submissionId is null");
    requireNonNull(clusterId, "clusterId is null");
    requireNonNull(namespace, "namespace is null");
    requireNonNull(creationTime, "creationTime is null");
    requireNonNull(status, "status is null");
  }

  public TrackedApplication withStatus(ApplicationStatus newStatus) {
    return new TrackedApplication(
        submissionId,
        clusterId,
        namespace,
        owner,
        submittedBy,
        queue,
        creationTime,
        maxRunningMillis,
        newStatus,
        live);
  }

  /** Whether it takes room on its cluster: created there, not ended. */
  /** The driver pod's name: as the cluster reports it, else the operator's default. */
  public String driverPod() {
    String pod = status.driverPodName();
    return pod != null ? pod : submissionId + "-driver";
  }

  public boolean isActive() {
    return live && !status.state().isTerminal() && status.state() != ApplicationState.QUEUED;
  }

  /**
   * Whether this caller may read and kill it: its owner, who submitted it for the owner, or an
   * admin.
   */
  public boolean isVisibleTo(Caller caller) {
    return caller.admin() || caller.name().equals(owner) || caller.name().equals(submittedBy);
  }
}
