package dev.bpg.config;

import io.dropwizard.util.DataSize;

/**
 * The REST interface: its root path (the reference's {@code applicationContextPath}) and the
 * largest request body accepted.
 */
public record ApiConfig(String contextPath, DataSize maxRequestBodySize) {
  public static final String DEFAULT_CONTEXT_PATH = "/skatev2";

  public ApiConfig {
    contextPath = contextPath == null ? DEFAULT_CONTEXT_PATH : contextPath;
    maxRequestBodySize = maxRequestBodySize == null ? DataSize.mebibytes(1) : maxRequestBodySize;
  }

  public static ApiConfig defaults() {
    return new ApiConfig(null, null);
  }
}
