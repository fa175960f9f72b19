package dev.bpg.cluster;

import dev.bpg.submission.TrackedApplication;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;

/**
 * The live status of every tracked application, fed by the informers and read by the status
 * endpoints without a call to any cluster.
 */
public final class StatusCache {
  private final ConcurrentMap<String, TrackedApplication> entries = new ConcurrentHashMap<>();

  public Optional<TrackedApplication> find(String submissionId) {
    return Optional.ofNullable(entries.get(submissionId));
  }

  public void put(TrackedApplication application) {
    entries.put(application.submissionId(), application);
  }

  /** Adds an entry only if the informer has not already reported a newer one. */
  public void putIfAbsent(TrackedApplication application) {
    entries.putIfAbsent(application.submissionId(), application);
  }

  /** Replaces an entry atomically; returns the new entry, or empty when there was none. */
  public Optional<TrackedApplication> update(String submissionId, UnaryOperator<TrackedApplication> change) {
    return Optional.ofNullable(entries.computeIfPresent(submissionId, (id, current) -> change.apply(current)));
  }

  public void remove(String submissionId) {
    entries.remove(submissionId);
  }

  /** A snapshot of every entry, for periodic checks. */
  public List<TrackedApplication> snapshot() {
    return List.copyOf(entries.values());
  }

  public int size() {
    return entries.size();
  }
}
