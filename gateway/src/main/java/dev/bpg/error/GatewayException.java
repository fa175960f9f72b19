package dev.bpg.error;

import static java.util.Objects.requireNonNull;

/**
 * The one exception type the gateway's own code throws for a failure a client should hear about.
 * Its message is written for the client: it names the field or the object at fault and never
 * carries a class name or a stack trace.
 */
public final class GatewayException extends RuntimeException {
  private final ErrorCode code;

  public GatewayException(ErrorCode code, String message) {
    super(requireNonNull(message, "message is null"));
    this.code = requireNonNull(code, "code is null");
  }

  public GatewayException(ErrorCode code, String message, Throwable cause) {
    super(requireNonNull(message, "message is null"), cause);
    this.code = requireNonNull(code, "code is null");
  }

  public ErrorCode code() {
    return code;
  }

  public static GatewayException invalidField(String field, String problem) {
    return new GatewayException(ErrorCode.INVALID_FIELD, field + ": " + problem);
  }
}
