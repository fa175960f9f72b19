package dev.bpg.local;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The job slots of one local cluster: at most a fixed number of jobs run at once, and the others
 * wait in the order they asked. Thread-safe.
 */
final class JobSlots {

  private final int slots;
  private final Executor executor;

  // All guarded by this.
  private final Map<String, Runnable> waiting = new LinkedHashMap<>();
  private final Set<String> holders = new LinkedHashSet<>();

  /**
   * @param slots how many jobs may run at once
   * @param executor where the callbacks of granted requests run
   */
  JobSlots(int slots, Executor executor) {
    if (slots < 1) {
      throw new IllegalArgumentException("slots must be at least 1: " + slots);
    }
    this.slots = slots;
    this.executor = requireNonNull(executor, "executor is null");
  }

  /**
   * Asks for a slot for the job {@code key}: {@code onGranted} runs on the executor once one is
   * free, at once if one is free now. A key that already holds or waits for a slot is not queued
   * twice.
   *
   * @return true if the job got a slot at once, false if it waits
   */
  synchronized boolean request(String key, Runnable onGranted) {
    requireNonNull(key, "key is null");
    requireNonNull(onGranted, "onGranted is null");
    if (holders.contains(key)) {
      return true;
    }
    waiting.putIfAbsent(key, onGranted);
    grant();
    return holders.contains(key);
  }

  /**
   * Gives back the slot of {@code key}, or takes it out of the queue; the next in line gets the
   * slot. Idempotent.
   */
  synchronized void release(String key) {
    requireNonNull(key, "key is null");
    waiting.remove(key);
    if (holders.remove(key)) {
      grant();
    }
  }

  /** The jobs that hold a slot. */
  synchronized List<String> running() {
    return List.copyOf(holders);
  }

  /** The jobs waiting for a slot, first in line first. */
  synchronized List<String> waiting() {
    return List.copyOf(waiting.keySet());
  }

  private void grant() {
    List<Runnable> granted = new ArrayList<>();
    var queue = waiting.entrySet().iterator();
    while (holders.size() < slots && queue.hasNext()) {
      var next = queue.next();
      queue.remove();
      holders.add(next.getKey());
      granted.add(next.getValue());
    }
    granted.forEach(executor::execute);
  }
}
