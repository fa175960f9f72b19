package dev.bpg.config;

import io.dropwizard.util.DataSize;

/**
 * The REST interface: its root path (the reference's {@code applicationContextPath}), the largest
 * request body accepted and what one user may ask of it at a time.
 */
public record ApiConfig(
    String contextPath, DataSize maxRequestBodySize, RateLimitsConfig rateLimits) {
  public static final String DEFAULT_CONTEXT_PATH = "/skatev2";

  public ApiConfig {
    contextPath = contextPath == null ? DEFAULT_CONTEXT_PATH : contextPath;
    maxRequestBodySize = maxRequestBodySize == null ? DataSize.mebibytes(1) : maxRequestBodySize;
    rateLimits = rateLimits == null ? RateLimitsConfig.DEFAULTS : rateLimits;
  }

  public static ApiConfig defaults() {
    return new ApiConfig(null, null, null);
  }
}
