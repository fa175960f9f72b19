package dev.bpg.http;

import static java.util.Objects.requireNonNull;

import dev.bpg.config.FailedLoginsConfig;
import dev.bpg.error.GatewayException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed logins per client address and per user name in fixed windows, and refuses (429,
 * with {@code Retry-After}) a login from an address or for a user that failed too often, before its
 * password costs a hash. Bounded: expired windows are dropped when the table grows.
 */
final class LoginThrottle {
  private static final int MAX_ENTRIES = 100_000;

  private record Window(Instant start, int failures) {}

  private final int perAddress;
  private final int perUser;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  LoginThrottle(FailedLoginsConfig config, Clock clock) {
    this.perAddress = config.perAddress();
    this.perUser = config.perUser();
    this.window = config.window();
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** Refuses a login from this address or for this user while either is over its limit. */
  void check(String address, String user) {
    Instant now = clock.instant();
    refuseIfOver("address:" + address, perAddress, now, "from this address");
    refuseIfOver("user:" + user, perUser, now, "for this user");
  }

  /** Refuses a bearer token from this address while it is over its limit. */
  void checkAddress(String address) {
    refuseIfOver("address:" + address, perAddress, clock.instant(), "from this address");
  }

  /** Counts a failed login. */
  void failed(String address, String user) {
    Instant now = prune();
    count("address:" + address, now);
    count("user:" + user, now);
  }

  /** Counts a refused bearer token, which names no user. */
  void failedAddress(String address) {
    count("address:" + address, prune());
  }

  private Instant prune() {
    Instant now = clock.instant();
    if (windows.size() > MAX_ENTRIES) {
      windows.values().removeIf(w -> !w.start().plus(window).isAfter(now));
      if (windows.size() > MAX_ENTRIES) {
        windows.clear();
      }
    }
    return now;
  }

  private void count(String key, Instant now) {
    windows.compute(
        key,
        (k, current) ->
            current == null || !current.start().plus(window).isAfter(now)
                ? new Window(now, 1)
                : new Window(current.start(), current.failures() + 1));
  }

  private void refuseIfOver(String key, int limit, Instant now, String what) {
    Window current = windows.get(key);
    if (current == null || current.failures() < limit) {
      return;
    }
    Instant end = current.start().plus(window);
    if (!end.isAfter(now)) {
      return;
    }
    throw GatewayException.tooManyRequests(
        "too many failed logins " + what + "; try again later", Duration.between(now, end));
  }
}
