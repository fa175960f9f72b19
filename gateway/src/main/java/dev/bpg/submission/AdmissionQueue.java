package dev.bpg.submission;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The submissions this replica holds until a cluster has room, oldest first. They are kept in
 * memory because they carry the request's environment variables, which never go to the database;
 * the database knows them as QUEUED, and if this replica stops they are closed, not lost.
 */
public final class AdmissionQueue {
  /** A held submission: everything needed to build and route it later. */
  public record Held(SpecInput input, Optional<String> pin) {
    public Held {
      requireNonNull(input, "input is null");
      requireNonNull(pin, "pin is null");
    }

    String submissionId() {
      return input.id().value();
    }
  }

  private final ConcurrentLinkedQueue<Held> held = new ConcurrentLinkedQueue<>();

  void add(Held submission) {
    held.add(submission);
  }

  List<Held> inOrder() {
    return List.copyOf(held);
  }

  boolean remove(Held submission) {
    return held.remove(submission);
  }

  boolean removeById(String submissionId) {
    return held.removeIf(h -> h.submissionId().equals(submissionId));
  }

  /** How many submissions of this queue are held. */
  int countInQueue(String queueName) {
    int n = 0;
    for (Held h : held) {
      if (h.input().queue().name().equals(queueName)) {
        n++;
      }
    }
    return n;
  }

  boolean isEmpty() {
    return held.isEmpty();
  }

  Map<String, Integer> countByCluster() {
    Map<String, Integer> counts = new TreeMap<>();
    held.forEach(h -> counts.merge(h.input().cluster().id(), 1, Integer::sum));
    return counts;
  }
}
