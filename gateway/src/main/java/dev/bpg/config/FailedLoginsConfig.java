package dev.bpg.config;

import java.time.Duration;

/**
 * How many failed logins the gateway takes before it answers 429: per client address and per user
 * name, within a window. A failed login costs a full password hash, so this also bounds the CPU a
 * stranger can make the gateway spend.
 */
public record FailedLoginsConfig(Integer perAddress, Integer perUser, Duration window) {
  public static final FailedLoginsConfig DEFAULTS = new FailedLoginsConfig(null, null, null);

  public FailedLoginsConfig {
    perAddress = perAddress == null ? 20 : perAddress;
    perUser = perUser == null ? 10 : perUser;
    window = window == null ? Duration.ofMinutes(5) : window;
  }
}
