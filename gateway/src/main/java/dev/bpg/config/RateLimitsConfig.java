package dev.bpg.config;

/**
 * What one user may ask of the gateway at a time. Submits (dry runs included) per user: a bucket of
 * {@code submitBurst} that refills at {@code submitsPerMinute}. Log streams: each holds a server
 * thread while it follows a pod, so at most {@code logStreamsPerUser} per user and {@code
 * logStreams} in all. Past a limit the answer is 429 with {@code Retry-After}.
 */
public record RateLimitsConfig(
    Integer submitsPerMinute, Integer submitBurst, Integer logStreamsPerUser, Integer logStreams) {
  public static final RateLimitsConfig DEFAULTS = new RateLimitsConfig(null, null, null, null);

  public RateLimitsConfig {
    submitsPerMinute = submitsPerMinute == null ? 120 : submitsPerMinute;
    submitBurst = submitBurst == null ? 60 : submitBurst;
    logStreamsPerUser = logStreamsPerUser == null ? 4 : logStreamsPerUser;
    logStreams = logStreams == null ? 100 : logStreams;
  }
}
