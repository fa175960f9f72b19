package dev.bpg.submission;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kills this replica has sent and whose deletion the watch has not reported yet: when it does,
 * the deletion is recorded as that caller's kill instead of as a deletion by someone else. Shared
 * by the kill service, which announces a kill before it deletes, and the watch rules, which take
 * it.
 */
public final class KillIntents {
  private final Map<String, String> killers = new ConcurrentHashMap<>();

  /** Announces that {@code caller} is about to delete the submission's application. */
  public void expect(String submissionId, String caller) {
    killers.put(submissionId, caller);
  }

  /** Withdraws {@link #expect} when the deletion failed. */
  public void cancel(String submissionId) {
    killers.remove(submissionId);
  }

  /** Whether this replica is killing the submission or has killed it (and not yet seen it go). */
  public boolean expects(String submissionId) {
    return killers.containsKey(submissionId);
  }

  /** Who killed the submission, if this replica did; forgets it. */
  public Optional<String> take(String submissionId) {
    return Optional.ofNullable(killers.remove(submissionId));
  }

  /** The reason recorded for an application killed on a caller's request. */
  public static String killedMessage(String caller) {
    return "killed by " + caller + " through the gateway";
  }
}
