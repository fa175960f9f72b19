package dev.bpg.submission;

import java.time.Instant;

/** Submission records for tests that need one in the store and care only about its state. */
public final class TestSubmissions {
  private TestSubmissions() {}

  /**
   * A Java submission of {@code demo} in queue {@code dev}, recorded at {@code at} in {@code
   * state}.
   */
  public static SubmissionRecord recorded(
      String submissionId, String clusterId, ApplicationState state, Instant at) {
    return SubmissionRecord.builder()
        .submissionId(submissionId)
        .clusterId(clusterId)
        .namespace("spark-operator")
        .owner("demo")
        .submittedBy("demo")
        .queue("dev")
        .sparkVersion("3.5.0")
        .applicationType("Java")
        .maxRunningMillis(0)
        .requestJson("{}")
        .specJson("{}")
        .createdAt(at)
        .state(state)
        .stateChangedAt(at)
        .build();
  }
}
