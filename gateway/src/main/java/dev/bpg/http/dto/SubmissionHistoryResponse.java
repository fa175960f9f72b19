package dev.bpg.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The recorded state transitions of a submission, oldest first. */
public record SubmissionHistoryResponse(String submissionId, List<Transition> transitions) {
  /** One transition; {@code time} is epoch milliseconds and {@code source} who observed it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Transition(int sequence, String state, long time, String source, String message) {}
}
