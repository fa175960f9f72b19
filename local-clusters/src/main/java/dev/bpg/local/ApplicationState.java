package dev.bpg.local;

import java.util.Locale;

/**
 * The states of {@code status.applicationState.state} in the Kubeflow Spark operator's v1beta2 API.
 */
enum ApplicationState {
  /** No state yet: the operator has not seen the application. Serialised as the empty string. */
  NEW,
  SUBMITTED,
  RUNNING,
  COMPLETED,
  FAILED,
  SUBMISSION_FAILED,
  PENDING_RERUN,
  INVALIDATING,
  SUCCEEDING,
  FAILING,
  UNKNOWN;

  /**
   * Parses a state as written in a status; a missing or empty one is {@link #NEW}, a foreign one
   * {@link #UNKNOWN}.
   */
  static ApplicationState parse(String state) {
    if (state == null || state.isEmpty()) {
      return NEW;
    }
    try {
      return valueOf(state.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return UNKNOWN;
    }
  }

  boolean isTerminal() {
    return switch (this) {
      case COMPLETED, FAILED, SUBMISSION_FAILED -> true;
      case NEW, SUBMITTED, RUNNING, PENDING_RERUN, INVALIDATING, SUCCEEDING, FAILING, UNKNOWN ->
          false;
    };
  }
}
