package dev.bpg.http;

import static java.util.Objects.requireNonNull;

import dev.bpg.config.RateLimitsConfig;
import dev.bpg.error.GatewayException;
import dev.bpg.metrics.GatewayMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one user may ask at a time: submits from a bucket per user that refills at a steady rate,
 * and log streams counted per user and in all. Past a limit, a 429 with {@code Retry-After}. Keyed
 * by the authenticated caller (a robot delegating for many owners is one user). Bounded: full
 * buckets are forgotten when the table grows.
 */
final class RateLimits {
  private static final int MAX_USERS = 100_000;
  private static final Duration STREAM_RETRY = Duration.ofSeconds(10);

  /** A user's submit bucket: tokens left as of a clock reading in milliseconds. */
  private record Bucket(double tokens, long at) {}

  /** An open log stream; closing it more than once releases it once. */
  final class Stream implements AutoCloseable {
    private final String user;
    private final AtomicBoolean open = new AtomicBoolean(true);

    private Stream(String user) {
      this.user = user;
    }

    @Override
    public void close() {
      if (open.compareAndSet(true, false)) {
        release(user);
      }
    }
  }

  private final double perMilli;
  private final int burst;
  private final int streamsPerUser;
  private final int streamsInAll;
  private final Clock clock;
  private final GatewayMetrics metrics;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final Map<String, Integer> streams = new ConcurrentHashMap<>();
  private final AtomicInteger allStreams = new AtomicInteger();

  RateLimits(RateLimitsConfig config, Clock clock, GatewayMetrics metrics) {
    this.perMilli = config.submitsPerMinute() / 60_000.0;
    this.burst = config.submitBurst();
    this.streamsPerUser = config.logStreamsPerUser();
    this.streamsInAll = config.logStreams();
    this.clock = requireNonNull(clock, "clock is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    metrics.logStreams(allStreams::get);
  }

  /** Takes one submit from the user's bucket, or refuses with the time until the next one. */
  void submit(String user) {
    long now = clock.millis();
    if (buckets.size() > MAX_USERS) {
      buckets.values().removeIf(bucket -> refilled(bucket, now) >= burst);
    }
    double[] left = new double[1];
    buckets.compute(
        user,
        (u, bucket) -> {
          double tokens = bucket == null ? burst : refilled(bucket, now);
          left[0] = tokens;
          return new Bucket(tokens >= 1 ? tokens - 1 : tokens, Math.max(now, at(bucket)));
        });
    if (left[0] >= 1) {
      return;
    }
    metrics.rateLimited("submit");
    throw GatewayException.tooManyRequests(
        "too many submissions from this user; at most "
            + Math.round(perMilli * 60_000)
            + " a minute (api.rateLimits.submitsPerMinute)",
        Duration.ofMillis((long) Math.ceil((1 - left[0]) / perMilli)));
  }

  private double refilled(Bucket bucket, long now) {
    return Math.min(burst, bucket.tokens() + Math.max(0, now - bucket.at()) * perMilli);
  }

  private static long at(Bucket bucket) {
    return bucket == null ? Long.MIN_VALUE : bucket.at();
  }

  /** Opens a log stream for the user, or refuses while the user or everyone has too many open. */
  Stream openStream(String user) {
    if (allStreams.incrementAndGet() > streamsInAll) {
      allStreams.decrementAndGet();
      metrics.rateLimited("log-streams");
      throw GatewayException.tooManyRequests(
          "the gateway is following as many logs as it may (api.rateLimits.logStreams); try again"
              + " later",
          STREAM_RETRY);
    }
    boolean[] over = new boolean[1];
    streams.compute(
        user,
        (u, count) -> {
          int open = count == null ? 0 : count;
          over[0] = open >= streamsPerUser;
          return over[0] ? count : Integer.valueOf(open + 1);
        });
    if (over[0]) {
      allStreams.decrementAndGet();
      metrics.rateLimited("log-streams-per-user");
      throw GatewayException.tooManyRequests(
          "this user already follows "
              + streamsPerUser
              + " logs (api.rateLimits.logStreamsPerUser); close one or try again later",
          STREAM_RETRY);
    }
    return new Stream(user);
  }

  private void release(String user) {
    allStreams.decrementAndGet();
    streams.computeIfPresent(user, (u, count) -> count <= 1 ? null : count - 1);
  }
}
