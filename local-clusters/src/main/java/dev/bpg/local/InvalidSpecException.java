package dev.bpg.local;

/**
 * A {@code SparkApplication} spec the local operator cannot run; its message goes into the status.
 */
final class InvalidSpecException extends Exception {
  private static final long serialVersionUID = 1L;

  InvalidSpecException(String message) {
    super(message);
  }
}
