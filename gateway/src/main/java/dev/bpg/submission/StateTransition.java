package dev.bpg.submission;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One recorded state change of a submission: its order, the new state, when, who saw it, and why.
 */
public record StateTransition(
    int sequence, ApplicationState state, Instant occurredAt, String source, String message) {
  public StateTransition {
    requireNonNull(state, "state is null");
    requireNonNull(occurredAt, "occurredAt is null");
    requireNonNull(source, "source is null");
  }
}
