package dev.bpg.error;

/**
 * What kind of failure an {@link ErrorCode} is; the HTTP layer maps each category to one status.
 */
public enum ErrorCategory {
  USER_ERROR,
  UNAUTHENTICATED,
  FORBIDDEN,
  NOT_FOUND,
  CONFLICT,
  PAYLOAD_TOO_LARGE,
  LENGTH_REQUIRED,
  UNSUPPORTED_MEDIA_TYPE,
  RATE_LIMITED,
  CLUSTER_UNAVAILABLE,
  DATABASE_UNAVAILABLE,
  UNAVAILABLE,
  INTERNAL
}
