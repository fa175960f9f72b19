package dev.bpg.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * An API token for a robot (a scheduler, a CI job): the user it acts as and the SHA-256 of the
 * token, as {@code sha256:<64 hex digits>}. {@code ./bpg api-token USER} makes a token and prints
 * both. A token is 32 random bytes, so a fast hash is enough: no one can guess it from the hash,
 * unlike a password. A token of one's own choosing can instead be stored as a password hash ({@code
 * ./bpg hash-password}), which costs a slow hash per new token presented. Sent as {@code
 * Authorization: Bearer <token>}.
 */
public record ApiTokenConfig(String user, String tokenHash) {
  private static final Pattern HASH = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final String PREFIX = "bpg_";

  @Override
  public String toString() {
    return "ApiTokenConfig[user=" + user + "]";
  }

  /** Whether {@code tokenHash} has the right form. */
  public static boolean isHash(String tokenHash) {
    return tokenHash != null && HASH.matcher(tokenHash).matches();
  }

  /** The {@code tokenHash} of a token. */
  public static String hashOf(String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** A new token: {@code bpg_} and 32 random bytes in unpadded base64url. */
  public static String newToken(SecureRandom random) {
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }
}
