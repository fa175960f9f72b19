package dev.bpg.metrics;

import dev.bpg.artifact.LogArchiveMetrics;
import dev.bpg.submission.SubmissionMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The gateway's metrics, in Prometheus' text format: submissions by queue, cluster and outcome,
 * routing decisions and failovers, state transitions, cluster health and load, informer lag, and
 * request latency. Named methods keep the meter names and tags in one place.
 */
public final class GatewayMetrics implements SubmissionMetrics, LogArchiveMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /** Meters by name and tag values: found again without building and registering them per call. */
  private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

  private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

  public GatewayMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
  }

  /** A submission's outcome: created, queued, replayed, rejected or failed. */
  @Override
  public void submission(String queue, String cluster, String outcome) {
    counters
        .computeIfAbsent(
            "submissions\u0000" + queue + "\u0000" + cluster + "\u0000" + outcome,
            k ->
                Counter.builder("bpg.submissions")
                    .description("Submissions by queue, cluster and outcome")
                    .tags("queue", queue, "cluster", cluster, "outcome", outcome)
                    .register(registry))
        .increment();
  }

  /** A routing decision: the chosen cluster, or queued when every eligible cluster was full. */
  @Override
  public void routingDecision(String cluster, boolean queued) {
    counters
        .computeIfAbsent(
            "routing\u0000" + cluster + "\u0000" + queued,
            k ->
                Counter.builder("bpg.routing.decisions")
                    .description("Routing decisions by cluster and result")
                    .tags("cluster", cluster, "result", queued ? "queued" : "chosen")
                    .register(registry))
        .increment();
  }

  @Override
  public void failover(String from, String to) {
    Counter.builder("bpg.failovers")
        .description("Creates retried on another cluster")
        .tags("from", from, "to", to)
        .register(registry)
        .increment();
  }

  @Override
  public void transition(String state) {
    counters
        .computeIfAbsent(
            "transitions\u0000" + state,
            k ->
                Counter.builder("bpg.state.transitions")
                    .description("State transitions recorded, by new state")
                    .tags("state", state)
                    .register(registry))
        .increment();
  }

  /** How long after its creation an application's first informer event arrived. */
  @Override
  public void informerLag(String cluster, Duration lag) {
    timers
        .computeIfAbsent(
            "lag\u0000" + cluster,
            k ->
                Timer.builder("bpg.informer.lag")
                    .description("From a SparkApplication's creation to its informer event")
                    .tags("cluster", cluster)
                    .publishPercentileHistogram()
                    .register(registry))
        .record(lag);
  }

  /** A login refused: a wrong password, an unknown user, a throttled client. */
  public void failedLogin(String reason) {
    counters
        .computeIfAbsent(
            "login\u0000" + reason,
            k ->
                Counter.builder("bpg.logins.failed")
                    .description("Logins refused, by reason")
                    .tags("reason", reason)
                    .register(registry))
        .increment();
  }

  /** A request refused by a rate limit: submit, log-streams or log-streams-per-user. */
  public void rateLimited(String limit) {
    counters
        .computeIfAbsent(
            "limited\u0000" + limit,
            k ->
                Counter.builder("bpg.rate.limited")
                    .description("Requests refused with 429 by a rate limit, by limit")
                    .tags("limit", limit)
                    .register(registry))
        .increment();
  }

  @Override
  public void archived(long logBytes, long storedBytes, Duration took) {
    archiveOutcome("archived");
    if (logBytes >= 0) {
      archiveBytes("read", logBytes);
    }
    archiveBytes("stored", storedBytes);
    timers
        .computeIfAbsent(
            "archive-copy",
            k ->
                Timer.builder("bpg.log.archive.copy")
                    .description("From a pod log's claim to its object stored")
                    .publishPercentileHistogram()
                    .register(registry))
        .record(took);
  }

  @Override
  public void lost() {
    archiveOutcome("lost");
  }

  private void archiveOutcome(String outcome) {
    counters
        .computeIfAbsent(
            "archive\u0000" + outcome,
            k ->
                Counter.builder("bpg.log.archive.pods")
                    .description("Pod logs archived or given up on, by outcome")
                    .tags("outcome", outcome)
                    .register(registry))
        .increment();
  }

  private void archiveBytes(String kind, long bytes) {
    counters
        .computeIfAbsent(
            "archive-bytes\u0000" + kind,
            k ->
                Counter.builder("bpg.log.archive.bytes")
                    .description("Bytes of pod logs read from clusters and stored, gzipped")
                    .tags("kind", kind)
                    .baseUnit("bytes")
                    .register(registry))
        .increment(bytes);
  }

  /** The log streams open now. */
  public void logStreams(IntSupplier open) {
    Gauge.builder("bpg.log.streams", open, IntSupplier::getAsInt)
        .description("Log streams open now")
        .strongReference(true)
        .register(registry);
  }

  public void request(String route, String method, int status, Duration took) {
    timers
        .computeIfAbsent(
            "http\u0000" + route + "\u0000" + method + "\u0000" + status,
            k ->
                Timer.builder("bpg.http.requests")
                    .description("Requests by route, method and status")
                    .tags("route", route, "method", method, "status", Integer.toString(status))
                    .publishPercentileHistogram()
                    .register(registry))
        .record(took);
  }

  /** A value read when scraped, such as a cluster's health or load. */
  public <T> void gauge(
      String name, String description, T source, ToDoubleFunction<T> value, String... tags) {
    Gauge.builder(name, source, value).description(description).tags(tags).register(registry);
  }

  public void gauge(String name, String description, Supplier<Number> value, String... tags) {
    Gauge.builder(name, value).description(description).tags(tags).register(registry);
  }

  /** Everything, in Prometheus' text exposition format. */
  public String scrape() {
    return registry.scrape();
  }
}
