package dev.bpg.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/** Names this gateway process among the replicas that share a database. */
final class ReplicaIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private ReplicaIds() {}

  /**
   * The host name (a pod's name on Kubernetes) and a random suffix, so that a restarted process on
   * the same host is another replica: the submissions its predecessor held are closed, not adopted.
   */
  static String generate() {
    byte[] suffix = new byte[4];
    RANDOM.nextBytes(suffix);
    return hostName() + "-" + HexFormat.of().formatHex(suffix);
  }

  private static String hostName() {
    String fromEnvironment = System.getenv("HOSTNAME");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return clean(fromEnvironment);
    }
    try {
      return clean(InetAddress.getLocalHost().getHostName());
    } catch (UnknownHostException e) {
      return "replica";
    }
  }

  private static String clean(String name) {
    String cleaned = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    return cleaned.length() > 48 ? cleaned.substring(0, 48) : cleaned;
  }
}
