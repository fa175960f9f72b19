package dev.bpg.http;

import dev.bpg.config.Cidr;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The proxies whose headers the gateway believes: only they may name the caller in the trusted user
 * header, and the client address of a request they forward is the last address of {@code
 * X-Forwarded-For} that is not theirs.
 */
final class TrustedProxies {
  private final List<Cidr> ranges;

  TrustedProxies(List<String> cidrs) {
    this.ranges = cidrs.stream().map(Cidr::parse).toList();
  }

  boolean contains(String address) {
    Optional<InetAddress> parsed = Cidr.address(address);
    return parsed.isPresent() && ranges.stream().anyMatch(range -> range.contains(parsed.get()));
  }

  /**
   * The client's address: the peer's, or, when the peer is a trusted proxy, the last address in
   * {@code X-Forwarded-For} that is not a trusted proxy.
   */
  String clientAddress(String peer, String forwardedFor) {
    if (forwardedFor == null || !contains(peer)) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (!hop.isEmpty() && !contains(hop)) {
        return Cidr.address(hop).isPresent() ? hop : peer;
      }
    }
    return peer;
  }
}
