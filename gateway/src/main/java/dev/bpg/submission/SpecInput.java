package dev.bpg.submission;

import static java.util.Objects.requireNonNull;

import dev.bpg.config.ClusterConfig;
import dev.bpg.routing.QueueResolver.ResolvedQueue;
import dev.bpg.submission.model.SubmitApplicationRequest;
import java.util.Optional;

/**
 * What the spec builder needs once the request is validated and routed: the request, its ID, owner,
 * submitter, queue, cluster, application type, zone and running-time limit.
 */
public record SpecInput(
    SubmissionId id,
    SubmitApplicationRequest request,
    String owner,
    String submittedBy,
    ResolvedQueue queue,
    ClusterConfig cluster,
    String type,
    Optional<String> zone,
    long maxRunningMillis) {

  public SpecInput {
    requireNonNull(id, "id is null");
    requireNonNull(request, "request is null");
    requireNonNull(owner, "owner is null");
    requireNonNull(submittedBy, "submittedBy is null");
    requireNonNull(queue, "queue is null");
    requireNonNull(cluster, "cluster is null");
    requireNonNull(type, "type is null");
    requireNonNull(zone, "zone is null");
  }

  /** The same submission built for another cluster (failover or dispatch). */
  public SpecInput onCluster(ClusterConfig other) {
    return new SpecInput(
        id, request, owner, submittedBy, queue, other, type, zone, maxRunningMillis);
  }
}
