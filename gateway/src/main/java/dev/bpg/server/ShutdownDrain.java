package dev.bpg.server;

import static java.util.Objects.requireNonNull;

import dev.bpg.http.SubmitGate;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first thing a replica does when the JVM is asked to stop (SIGTERM, as Kubernetes stops a
 * pod): it answers {@code /ready} 503 at once while it goes on serving for the drain time, so that
 * endpoints and load balancers stop sending to it; then it refuses new submits and waits for those
 * in flight. Only then does the HTTP server stop, and after it the gateway (held dispatches and
 * status writes, up to {@code tracking.shutdownTimeout}).
 */
final class ShutdownDrain extends AbstractLifeCycle {
  private static final Logger LOG = LoggerFactory.getLogger(ShutdownDrain.class);

  private final Duration drain;
  private final Duration submitsTimeout;
  private final SubmitGate gate;
  private volatile boolean draining;

  ShutdownDrain(Duration drain, Duration submitsTimeout, SubmitGate gate) {
    this.drain = requireNonNull(drain, "drain is null");
    this.submitsTimeout = requireNonNull(submitsTimeout, "submitsTimeout is null");
    this.gate = requireNonNull(gate, "gate is null");
  }

  Optional<String> notReadyBecause() {
    return draining ? Optional.of("shutting down") : Optional.empty();
  }

  @Override
  protected void doStop() throws InterruptedException {
    draining = true;
    LOG.info("Stopping: not ready from now on; serving for {} more", drain);
    Thread.sleep(drain.toMillis());
    int left = gate.closeAndAwait(submitsTimeout);
    if (left > 0) {
      LOG.warn("Stopping with {} submits still in flight after {}", left, submitsTimeout);
    } else {
      LOG.info("Stopping: new submits refused, none in flight");
    }
  }
}
