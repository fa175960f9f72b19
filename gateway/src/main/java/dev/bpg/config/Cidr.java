package dev.bpg.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** A range of addresses such as {@code 10.0.0.0/8}, {@code 127.0.0.1} or {@code ::1/128}. */
public record Cidr(byte[] network, int bits) {
  /** Only literal addresses are parsed, so that reading one never asks a name server. */
  private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

  /**
   * Parses a CIDR; an address alone is a range of one.
   *
   * @throws IllegalArgumentException saying why the text is not a CIDR
   */
  public static Cidr parse(String text) {
    String[] parts = text == null ? new String[] {""} : text.trim().split("/", 2);
    byte[] network =
        address(parts[0])
            .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not an address"))
            .getAddress();
    int bits = network.length * 8;
    if (parts.length == 2) {
      try {
        bits = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' has no prefix length after '/'");
      }
    }
    if (bits < 0 || bits > network.length * 8) {
      throw new IllegalArgumentException("'" + text + "' has a prefix length out of range");
    }
    return new Cidr(network.clone(), bits);
  }

  /** A literal address (never a name to look up), if the text is one. */
  public static Optional<InetAddress> address(String text) {
    if (text == null || text.isBlank() || !LITERAL.matcher(text.trim()).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(text.trim()));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length != network.length) {
      return false;
    }
    BigInteger mask =
        BigInteger.ONE.shiftLeft(bytes.length * 8).subtract(BigInteger.ONE).shiftRight(bits).not();
    return new BigInteger(1, network).and(mask).equals(new BigInteger(1, bytes).and(mask));
  }
}
