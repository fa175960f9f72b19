package dev.bpg.local;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * One local cluster to start.
 *
 * @param id the cluster id; also the name of its kubeconfig context
 * @param namespace the namespace created at start, into which the gateway submits
 * @param port the loopback port of the cluster's API server; 0 picks a free port
 */
public record LocalClusterSpec(String id, String namespace, int port) {

  // The id becomes a kubeconfig context and cluster name, so keep it to characters that need no
  // quoting.
  private static final Pattern ID =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  public LocalClusterSpec {
    requireNonNull(id, "id is null");
    requireNonNull(namespace, "namespace is null");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "cluster id must be 1 to 63 letters, digits, '.', '_' or '-', starting and ending with a"
              + " letter or digit: '"
              + id
              + "'");
    }
    if (!DNS_LABEL.matcher(namespace).matches()) {
      throw new IllegalArgumentException(
          "namespace must be a DNS label (1 to 63 lower-case letters, digits or '-'): '"
              + namespace
              + "'");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
    }
  }
}
