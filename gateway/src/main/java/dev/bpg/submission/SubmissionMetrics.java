package dev.bpg.submission;

import java.time.Duration;

/**
 * What the domain counts for the metrics endpoint. Implementations are thread-safe and cheap enough
 * to call on every request; {@link #NONE} counts nothing, for tests and tools.
 */
public interface SubmissionMetrics {
  SubmissionMetrics NONE =
      new SubmissionMetrics() {
        @Override
        public void submission(String queue, String cluster, String outcome) {}

        @Override
        public void routingDecision(String cluster, boolean queued) {}

        @Override
        public void failover(String from, String to) {}

        @Override
        public void transition(String state) {}

        @Override
        public void informerLag(String cluster, Duration lag) {}
      };

  /** A submission's outcome: created, queued, replayed, rejected or failed. */
  void submission(String queue, String cluster, String outcome);

  /** A routing decision: the chosen cluster, or queued when every eligible cluster was full. */
  void routingDecision(String cluster, boolean queued);

  /** A create retried on another cluster. */
  void failover(String from, String to);

  /** A state transition recorded in the store, by its new state. */
  void transition(String state);

  /** How long after its creation an application's first watch event arrived. */
  void informerLag(String cluster, Duration lag);
}
