package dev.bpg.submission;

import static java.util.Objects.requireNonNull;

import dev.bpg.routing.RoutingDecision;
import dev.bpg.submission.model.SparkApplicationManifest;
import java.util.Optional;

/**
 * What a submission would be, from a dry run: its owner and queue, the routing decision, why it
 * would wait QUEUED if it would, and the SparkApplication it would create (secrets masked).
 */
public record SubmissionPreview(
    String owner,
    String queue,
    RoutingDecision decision,
    Optional<String> heldBecause,
    SparkApplicationManifest sparkApplication) {
  public SubmissionPreview {
    requireNonNull(owner, "owner is null");
    requireNonNull(queue, "queue is null");
    requireNonNull(decision, "decision is null");
    requireNonNull(heldBecause, "heldBecause is null");
    requireNonNull(sparkApplication, "sparkApplication is null");
  }
}
