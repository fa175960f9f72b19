package dev.bpg.local;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of one run on its cluster's scheduler, whatever the run does: each step holds the run's
 * lock and does nothing once the run is cancelled; a step that throws goes to the run's failure
 * handler, so that no application is left in a state that is not terminal; a terminated application
 * is deleted after its time to live.
 */
final class RunSteps {
  private static final Logger LOG = LoggerFactory.getLogger(RunSteps.class);

  private final ApplicationRef app;
  private final RunContext context;
  private final Object lock;
  private final Consumer<RuntimeException> onFailure;

  // Guarded by lock.
  private boolean cancelled;
  private Future<?> next;

  /**
   * @param lock the run's own lock, which its other methods hold too
   * @param onFailure what the run does when a step throws
   */
  RunSteps(
      ApplicationRef app, RunContext context, Object lock, Consumer<RuntimeException> onFailure) {
    this.app = requireNonNull(app, "app is null");
    this.context = requireNonNull(context, "context is null");
    this.lock = requireNonNull(lock, "lock is null");
    this.onFailure = requireNonNull(onFailure, "onFailure is null");
  }

  /** Runs {@code body} as the run's next step after {@code delay}. */
  void schedule(Runnable body, Duration delay) {
    synchronized (lock) {
      next = context.scheduler().schedule(() -> step(body), delay.toNanos(), NANOSECONDS);
    }
  }

  /** Runs a step on the scheduler soon; false if the scheduler no longer takes work (it closes). */
  boolean afterwards(Runnable body) {
    try {
      context.scheduler().execute(() -> step(body));
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /** Runs one step now, on the caller's thread, unless the run was cancelled. */
  void step(Runnable body) {
    synchronized (lock) {
      if (cancelled) {
        return;
      }
      try {
        body.run();
      } catch (RuntimeException e) {
        onFailure.accept(e);
      }
    }
  }

  /** No further step runs, and the next one scheduled is called off. */
  void cancel() {
    synchronized (lock) {
      cancelled = true;
      if (next != null) {
        next.cancel(false);
      }
    }
  }

  /** Deletes the application once its time to live after {@code terminatedAt} has passed. */
  void deleteAfter(Instant terminatedAt, Optional<Duration> timeToLive) {
    timeToLive.ifPresent(
        ttl -> {
          Duration delay = Duration.between(context.clock().instant(), terminatedAt.plus(ttl));
          schedule(this::deleteExpired, delay.isNegative() ? Duration.ZERO : delay);
        });
  }

  private void deleteExpired() {
    try {
      context.writer().deleteApplication(app);
    } catch (KubernetesClientException e) {
      LOG.warn("Deleting {} after its time to live failed: {}", app, e.getMessage());
    }
  }

  /** What went wrong, as a reason for the application's error message. */
  static String reasonOf(RuntimeException cause) {
    return cause instanceof KubernetesClientException refused
        ? ClusterWriter.apiServerMessage(refused)
        : cause.toString();
  }

  /**
   * Ends the run as FAILED after a step threw {@code cause}. A write the API server refused
   * (someone deleted a pod, say) is part of the local world; anything else is a bug, and logged as
   * one.
   *
   * @param activity what the run was doing, for the log: "Simulating", "Running"
   * @param endAsFailed the run's own ending, with the reason and the time
   */
  void endAfterFailure(
      RuntimeException cause, String activity, BiConsumer<String, Instant> endAsFailed) {
    boolean refused = cause instanceof KubernetesClientException;
    String reason = reasonOf(cause);
    try {
      endAsFailed.accept(
          "the local operator could not go on with the run: " + reason, context.clock().instant());
      if (refused) {
        LOG.info("{} ended as FAILED: {}", app, reason);
      } else {
        LOG.warn("{} {} failed; it ended as FAILED", activity, app, cause);
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        // The usual case: the application was deleted while a step ran; its deletion handler cleans
        // up.
        LOG.debug("{} disappeared while it ran: {}", app, reason);
      } else {
        LOG.warn(
            "{} {} failed ({}), and so did marking it FAILED: {}",
            activity,
            app,
            reason,
            ClusterWriter.apiServerMessage(e));
      }
    }
  }
}
