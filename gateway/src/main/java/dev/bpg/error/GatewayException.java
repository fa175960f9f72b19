package dev.bpg.error;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * The one exception type the gateway's own code throws for a failure a client should hear about.
 * Its message is written for the client: it names the field or the object at fault and never
 * carries a class name or a stack trace.
 */
public final class GatewayException extends RuntimeException {
  private final ErrorCode code;
  private final Duration retryAfter;

  public GatewayException(ErrorCode code, String message) {
    super(requireNonNull(message, "message is null"));
    this.code = requireNonNull(code, "code is null");
    this.retryAfter = null;
  }

  public GatewayException(ErrorCode code, String message, Throwable cause) {
    super(requireNonNull(message, "message is null"), cause);
    this.code = requireNonNull(code, "code is null");
    this.retryAfter = null;
  }

  private GatewayException(ErrorCode code, String message, Duration retryAfter) {
    super(requireNonNull(message, "message is null"));
    this.code = requireNonNull(code, "code is null");
    this.retryAfter = requireNonNull(retryAfter, "retryAfter is null");
  }

  /** Too many requests: the client may try again after {@code retryAfter}. */
  public static GatewayException tooManyRequests(String message, Duration retryAfter) {
    return new GatewayException(ErrorCode.TOO_MANY_REQUESTS, message, retryAfter);
  }

  /** When a client refused for its rate may try again. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public ErrorCode code() {
    return code;
  }

  public static GatewayException invalidField(String field, String problem) {
    return new GatewayException(ErrorCode.INVALID_FIELD, field + ": " + problem);
  }
}
