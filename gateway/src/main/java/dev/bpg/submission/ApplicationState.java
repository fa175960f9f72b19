package dev.bpg.submission;

import java.util.Locale;

/**
 * The states of a SparkApplication as the Spark operator writes them, plus {@code UNKNOWN} for an
 * application the operator has not touched yet and {@code QUEUED} for a submission the gateway
 * holds until a cluster has room. A state never moves back from a terminal one.
 */
public enum ApplicationState {
  QUEUED(0),
  UNKNOWN(0),
  SUBMITTED(1),
  RUNNING(2),
  PENDING_RERUN(2),
  INVALIDATING(2),
  SUCCEEDING(3),
  FAILING(3),
  COMPLETED(4),
  FAILED(4),
  SUBMISSION_FAILED(4);

  private final int rank;

  ApplicationState(int rank) {
    this.rank = rank;
  }

  public boolean isTerminal() {
    return rank == 4;
  }

  /** Whether the driver runs: the application holds a cluster's running room. */
  public boolean isRunning() {
    return this == RUNNING || this == SUCCEEDING || this == FAILING;
  }

  /**
   * Whether moving from this state to {@code next} goes forward. Never out of a terminal state,
   * never back to an earlier stage (a late SUBMITTED after RUNNING is stale news), except through
   * the operator's retry path: into PENDING_RERUN, and from it to any state.
   */
  public boolean mayMoveTo(ApplicationState next) {
    if (this == next || isTerminal()) {
      return false;
    }
    if (this == PENDING_RERUN || next == PENDING_RERUN) {
      return true;
    }
    return next.rank >= rank;
  }

  /** The operator's text, or UNKNOWN for an empty or unrecognised state. */
  public static ApplicationState parse(String text) {
    if (text == null || text.isBlank()) {
      return UNKNOWN;
    }
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return UNKNOWN;
    }
  }
}
