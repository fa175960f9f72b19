package dev.bpg.client;

/**
 * A client command's failure, printed as one line (never a stack trace) with the exit code it ends
 * the command with.
 */
final class ClientException extends RuntimeException {
  /** A usage error, a connection error or a request the gateway refused. */
  static final int USAGE = 2;

  private final int exitCode;

  ClientException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  static ClientException usage(String message) {
    return new ClientException(message, USAGE);
  }

  int exitCode() {
    return exitCode;
  }
}
