package dev.bpg.submission;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes the dispatcher of held submissions when room may have freed (an application ended), so that
 * it need not wait for its next periodic round. Pulls that come while nobody waits are merged into
 * one.
 */
public final class DispatchTrigger {
  private final Semaphore pulled = new Semaphore(0);

  /** Room may have freed: wake the dispatcher. */
  public void pull() {
    if (pulled.availablePermits() == 0) {
      pulled.release();
    }
  }

  /**
   * Waits until pulled or until the timeout, whichever comes first.
   *
   * @return whether it was pulled
   */
  public boolean await(Duration timeout) throws InterruptedException {
    boolean wasPulled = pulled.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (wasPulled) {
      pulled.drainPermits();
    }
    return wasPulled;
  }
}
