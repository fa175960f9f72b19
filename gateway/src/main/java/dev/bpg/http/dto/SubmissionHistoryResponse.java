package dev.bpg.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The recorded state transitions of a submission, oldest first, every try to create it on a cluster
 * (several when the gateway failed over), and why its cluster was chosen ({@code routingReason},
 * absent while it waits QUEUED for one).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubmissionHistoryResponse(
    String submissionId,
    String routingReason,
    List<Transition> transitions,
    List<Attempt> attempts) {
  /** One create attempt: the cluster, when, CREATED, UNAVAILABLE or REJECTED, and why. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Attempt(int sequence, String cluster, long time, String outcome, String message) {}

  /** One transition; {@code time} is epoch milliseconds and {@code source} who observed it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Transition(int sequence, String state, long time, String source, String message) {}
}
