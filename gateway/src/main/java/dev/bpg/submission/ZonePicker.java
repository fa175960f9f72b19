package dev.bpg.submission;

import dev.bpg.config.QueueConfig;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Picks one availability zone per submission, round robin per queue, so that all pods of an
 * application share a zone and shuffle traffic does not cross zones.
 */
public final class ZonePicker {
  private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

  /** The zone for the next submission to this queue, or empty when the queue pins no zones. */
  public Optional<String> pick(QueueConfig queue) {
    if (queue.allowedZones().isEmpty()) {
      return Optional.empty();
    }
    long n = counters.computeIfAbsent(queue.name(), q -> new AtomicLong()).getAndIncrement();
    return Optional.of(queue.allowedZones().get((int) (n % queue.allowedZones().size())));
  }
}
