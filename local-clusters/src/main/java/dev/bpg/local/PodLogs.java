package dev.bpg.local;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The logs of the simulated pods of one cluster, by namespace and pod name. Thread-safe. */
final class PodLogs {

  private static final int MAX_LINES_PER_POD = 5_000;

  private final ConcurrentMap<PodKey, PodLog> logs = new ConcurrentHashMap<>();

  /**
   * Returns the open log of the pod, or starts a new one. A closed log left from an earlier pod of
   * the same name is replaced.
   */
  PodLog open(String namespace, String pod, String applicationUid) {
    requireNonNull(applicationUid, "applicationUid is null");
    return logs.compute(
        new PodKey(namespace, pod),
        (key, existing) -> {
          if (existing != null
              && !existing.isClosed()
              && existing.applicationUid().equals(applicationUid)) {
            return existing;
          }
          if (existing != null) {
            existing.close();
          }
          return new PodLog(applicationUid, MAX_LINES_PER_POD);
        });
  }

  Optional<PodLog> find(String namespace, String pod) {
    return Optional.ofNullable(logs.get(new PodKey(namespace, pod)));
  }

  /** Closes and forgets the log of a deleted pod. */
  void remove(String namespace, String pod) {
    PodLog log = logs.remove(new PodKey(namespace, pod));
    if (log != null) {
      log.close();
    }
  }

  /** Closes and forgets the logs of all pods of a deleted application. */
  void removeApplication(String applicationUid) {
    requireNonNull(applicationUid, "applicationUid is null");
    logs.entrySet()
        .removeIf(
            entry -> {
              if (entry.getValue().applicationUid().equals(applicationUid)) {
                entry.getValue().close();
                return true;
              }
              return false;
            });
  }

  /** Closes every log, so that every follower's stream ends; used when the API server stops. */
  void closeAll() {
    logs.values().forEach(PodLog::close);
    logs.clear();
  }

  private record PodKey(String namespace, String pod) {
    PodKey {
      requireNonNull(namespace, "namespace is null");
      requireNonNull(pod, "pod is null");
    }
  }
}
