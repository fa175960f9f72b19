package dev.bpg.error;

import static java.util.Objects.requireNonNull;

/** Every failure the gateway reports to a client has one of these codes. */
public enum ErrorCode {
  INVALID_REQUEST(ErrorCategory.USER_ERROR),
  INVALID_FIELD(ErrorCategory.USER_ERROR),
  UNKNOWN_QUEUE(ErrorCategory.USER_ERROR),
  UNSUPPORTED_SPARK_VERSION(ErrorCategory.USER_ERROR),
  NO_ELIGIBLE_CLUSTER(ErrorCategory.USER_ERROR),
  UNKNOWN_CLUSTER(ErrorCategory.USER_ERROR),
  SPARK_IMAGE_NOT_FOUND(ErrorCategory.USER_ERROR),
  QUEUE_LIMIT_EXCEEDED(ErrorCategory.USER_ERROR),
  INVALID_SUBMISSION_ID(ErrorCategory.USER_ERROR),
  UNAUTHENTICATED(ErrorCategory.UNAUTHENTICATED),
  FORBIDDEN(ErrorCategory.FORBIDDEN),
  POLICY_VIOLATION(ErrorCategory.FORBIDDEN),
  /** A console session's state-changing request without its CSRF token. */
  CSRF_TOKEN_INVALID(ErrorCategory.FORBIDDEN),
  QUEUE_TOKEN_REQUIRED(ErrorCategory.USER_ERROR),
  QUEUE_TOKEN_INVALID(ErrorCategory.FORBIDDEN),
  SUBMISSION_NOT_FOUND(ErrorCategory.NOT_FOUND),
  NOT_FOUND(ErrorCategory.NOT_FOUND),
  /** No log to serve: the pod is gone and its log was not archived (the message says why). */
  LOG_NOT_FOUND(ErrorCategory.NOT_FOUND),
  METHOD_NOT_ALLOWED(ErrorCategory.USER_ERROR),
  SUBMISSION_EXISTS(ErrorCategory.CONFLICT),
  IDEMPOTENCY_KEY_REUSED(ErrorCategory.CONFLICT),
  REQUEST_TOO_LARGE(ErrorCategory.PAYLOAD_TOO_LARGE),
  LENGTH_REQUIRED(ErrorCategory.LENGTH_REQUIRED),
  TOO_MANY_REQUESTS(ErrorCategory.RATE_LIMITED),
  UNSUPPORTED_MEDIA_TYPE(ErrorCategory.UNSUPPORTED_MEDIA_TYPE),
  CLUSTER_UNAVAILABLE(ErrorCategory.CLUSTER_UNAVAILABLE),
  /** The cluster was reached but failed this one call (5xx, 429): another cluster may take it. */
  CLUSTER_FAILED(ErrorCategory.CLUSTER_UNAVAILABLE),
  CLUSTER_REJECTED(ErrorCategory.USER_ERROR),
  DATABASE_UNAVAILABLE(ErrorCategory.DATABASE_UNAVAILABLE),
  IDENTITY_PROVIDER_UNAVAILABLE(ErrorCategory.UNAVAILABLE),
  /** The object store of uploads cannot be reached or refuses the gateway. */
  STORAGE_UNAVAILABLE(ErrorCategory.UNAVAILABLE),
  /** The Spark History Server asked for an application's submission does not answer. */
  HISTORY_SERVER_UNAVAILABLE(ErrorCategory.UNAVAILABLE),
  /** This replica is stopping: another one takes the request. */
  SHUTTING_DOWN(ErrorCategory.UNAVAILABLE),
  INTERNAL_ERROR(ErrorCategory.INTERNAL);

  private final ErrorCategory category;

  ErrorCode(ErrorCategory category) {
    this.category = requireNonNull(category, "category is null");
  }

  public ErrorCategory category() {
    return category;
  }
}
