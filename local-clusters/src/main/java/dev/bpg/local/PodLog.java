package dev.bpg.local;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The log of one simulated pod: the operator appends lines, the API server reads them or follows
 * them until the log is closed (the container terminated or the pod was deleted). Thread-safe.
 */
final class PodLog {

  /**
   * Receives the lines of a followed log. Called with the log's lock held, so implementations must
   * only hand the work over (for example to a Vert.x context) and never block.
   */
  interface Listener {
    void onLine(LogLine line);

    void onEnd();
  }

  private final String applicationUid;
  private final int maxLines;

  // All guarded by this.
  private final ArrayDeque<LogLine> lines = new ArrayDeque<>();
  private final List<Listener> listeners = new ArrayList<>();
  private boolean closed;

  PodLog(String applicationUid, int maxLines) {
    this.applicationUid = requireNonNull(applicationUid, "applicationUid is null");
    if (maxLines < 1) {
      throw new IllegalArgumentException("maxLines must be positive: " + maxLines);
    }
    this.maxLines = maxLines;
  }

  String applicationUid() {
    return applicationUid;
  }

  /** Appends a line and passes it to the followers; a closed log ignores it. */
  synchronized void append(LogLine line) {
    requireNonNull(line, "line is null");
    if (closed) {
      return;
    }
    // Like the kubelet's log rotation, keep only the newest lines, so that a long simulation stays
    // bounded.
    if (lines.size() == maxLines) {
      lines.removeFirst();
    }
    lines.addLast(line);
    for (Listener listener : listeners) {
      listener.onLine(line);
    }
  }

  /** Closes the log: followers get their end, later appends are ignored. Idempotent. */
  synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Listener listener : listeners) {
      listener.onEnd();
    }
    listeners.clear();
  }

  synchronized boolean isClosed() {
    return closed;
  }

  /** The lines written so far, or only the last {@code tail} of them. */
  synchronized List<LogLine> lines(OptionalInt tail) {
    return tailOf(tail);
  }

  /**
   * Returns the lines written so far (or the last {@code tail}) and, in the same atomic step,
   * registers the listener for the lines to come. If the log is already closed the listener gets
   * its end at once.
   */
  synchronized List<LogLine> follow(OptionalInt tail, Listener listener) {
    requireNonNull(listener, "listener is null");
    List<LogLine> backlog = tailOf(tail);
    if (closed) {
      listener.onEnd();
    } else {
      listeners.add(listener);
    }
    return backlog;
  }

  synchronized void unfollow(Listener listener) {
    listeners.remove(listener);
  }

  private List<LogLine> tailOf(OptionalInt tail) {
    List<LogLine> all = new ArrayList<>(lines);
    if (tail.isPresent() && tail.getAsInt() < all.size()) {
      return List.copyOf(all.subList(all.size() - tail.getAsInt(), all.size()));
    }
    return List.copyOf(all);
  }
}
