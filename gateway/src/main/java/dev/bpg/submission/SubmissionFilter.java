package dev.bpg.submission;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * What a history search asks for: every present criterion must hold. {@code visibleTo} limits the
 * result to what one user owns or submitted; {@code owner} to one owner. Times bound {@code
 * created} ({@code from} inclusive, {@code to} exclusive).
 */
public record SubmissionFilter(
    Optional<String> visibleTo,
    Optional<String> owner,
    Optional<String> queue,
    Optional<String> cluster,
    Optional<ApplicationState> state,
    Optional<Instant> from,
    Optional<Instant> to,
    Optional<String> applicationName) {

  public SubmissionFilter {
    requireNonNull(visibleTo, "visibleTo is null");
    requireNonNull(owner, "owner is null");
    requireNonNull(queue, "queue is null");
    requireNonNull(cluster, "cluster is null");
    requireNonNull(state, "state is null");
    requireNonNull(from, "from is null");
    requireNonNull(to, "to is null");
    requireNonNull(applicationName, "applicationName is null");
  }

  public static SubmissionFilter all() {
    return new SubmissionFilter(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
