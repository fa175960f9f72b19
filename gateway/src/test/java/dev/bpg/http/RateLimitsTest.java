package dev.bpg.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bpg.config.RateLimitsConfig;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.metrics.GatewayMetrics;
import dev.bpg.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RateLimitsTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
  private final GatewayMetrics metrics = new GatewayMetrics();

  private RateLimits limits(int perMinute, int burst, int streamsPerUser, int streams) {
    return new RateLimits(
        new RateLimitsConfig(perMinute, burst, streamsPerUser, streams), clock, metrics);
  }

  private static GatewayException refused(Runnable call) {
    try {
      call.run();
    } catch (GatewayException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS);
      return e;
    }
    throw new AssertionError("not refused");
  }

  @Test
  void aUserSubmitsABurstThenAtTheSteadyRate() {
    RateLimits limits = limits(60, 3, 1, 1);
    for (int i = 0; i < 3; i++) {
      limits.submit("alice");
    }
    GatewayException e = refused(() -> limits.submit("alice"));
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
    assertThat(e.getMessage()).contains("at most 60 a minute");

    clock.advance(Duration.ofMillis(500));
    assertThat(refused(() -> limits.submit("alice")).retryAfter()).contains(Duration.ofMillis(500));
    clock.advance(Duration.ofMillis(500));
    limits.submit("alice");
    refused(() -> limits.submit("alice"));

    clock.advance(Duration.ofHours(1));
    for (int i = 0; i < 3; i++) {
      limits.submit("alice");
    }
    refused(() -> limits.submit("alice"));
    assertThat(metrics.scrape()).contains("bpg_rate_limited_total{limit=\"submit\"} 4.0");
  }

  @Test
  void oneUsersSubmitsDoNotSpendAnothers() {
    RateLimits limits = limits(1, 1, 1, 1);
    limits.submit("alice");
    refused(() -> limits.submit("alice"));
    limits.submit("bob");
    assertThat(refused(() -> limits.submit("alice")).retryAfter()).contains(Duration.ofMinutes(1));
  }

  @Test
  void refusedSubmitsDoNotDelayTheNextOne() {
    RateLimits limits = limits(60, 1, 1, 1);
    limits.submit("alice");
    for (int i = 0; i < 10; i++) {
      refused(() -> limits.submit("alice"));
    }
    clock.advance(Duration.ofSeconds(1));
    limits.submit("alice");
  }

  @Test
  void concurrentSubmitsTakeNoMoreThanTheBurst() throws Exception {
    RateLimits limits = limits(1, 50, 1, 1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    AtomicInteger accepted = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> calls = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      calls.add(
          pool.submit(
              () -> {
                go.await();
                try {
                  limits.submit("robot");
                  accepted.incrementAndGet();
                } catch (GatewayException refused) {
                  // counted by what was accepted
                }
                return null;
              }));
    }
    go.countDown();
    for (Future<?> call : calls) {
      call.get(10, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(accepted.get()).isEqualTo(50);
  }

  @Test
  void aUserFollowsAtMostItsShareOfLogStreams() {
    RateLimits limits = limits(1, 1, 2, 3);
    RateLimits.Stream first = limits.openStream("alice");
    RateLimits.Stream second = limits.openStream("alice");
    GatewayException e = refused(() -> limits.openStream("alice"));
    assertThat(e.getMessage()).contains("already follows 2 logs");
    assertThat(e.retryAfter()).isPresent();

    RateLimits.Stream bobs = limits.openStream("bob");
    assertThat(refused(() -> limits.openStream("carol")).getMessage())
        .contains("api.rateLimits.logStreams");
    assertThat(metrics.scrape()).contains("bpg_log_streams 3.0");

    first.close();
    first.close();
    RateLimits.Stream third = limits.openStream("alice");
    refused(() -> limits.openStream("alice"));
    refused(() -> limits.openStream("carol"));

    bobs.close();
    limits.openStream("carol").close();
    second.close();
    third.close();
    assertThat(metrics.scrape()).contains("bpg_log_streams 0.0");
    limits.openStream("alice");
    limits.openStream("alice");
  }
}
