package dev.bpg.submission;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The submissions this replica holds until a cluster has room, oldest first. They are kept in memory
 * because they carry the request's environment variables, which never go to the database; the
 * database knows them as QUEUED, and if this replica stops they are closed, not lost.
 */
final class AdmissionQueue {
  /** A held submission: everything needed to build and route it later. */
  record Held(SpecInput input, Optional<String> pin) {}

  private final ConcurrentLinkedQueue<Held> held = new ConcurrentLinkedQueue<>();

  void add(Held submission) {
    held.add(submission);
  }

  List<Held> inOrder() {
    return List.copyOf(held);
  }

  void remove(Held submission) {
    held.remove(submission);
  }

  void removeById(String submissionId) {
    held.removeIf(h -> h.input().id().value().equals(submissionId));
  }

  Map<String, Integer> countByCluster() {
    Map<String, Integer> counts = new TreeMap<>();
    held.forEach(h -> counts.merge(h.input().cluster().id(), 1, Integer::sum));
    return counts;
  }
}
