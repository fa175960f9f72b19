package dev.bpg.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The secrets of a console session. The token (256 random bits) lives in the browser's HttpOnly
 * cookie; the database keeps its SHA-256. The CSRF token is derived from the session token, so a
 * page that cannot read the cookie cannot compute it; the console's own script is handed it by
 * {@code GET /session}, an answer no other origin can read.
 */
public final class SessionTokens {
  private static final int TOKEN_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private SessionTokens() {}

  public static String newToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(bytes);
    return URL.encodeToString(bytes);
  }

  /** What the store keeps of a token. */
  public static String hash(String token) {
    return HexFormat.of().formatHex(sha256("session:" + token));
  }

  /** The CSRF token of the session whose token this is. */
  public static String csrf(String token) {
    return URL.encodeToString(sha256("csrf:" + token));
  }

  /** Whether {@code sent} is the CSRF token of the session, compared in constant time. */
  public static boolean csrfMatches(String token, String sent) {
    return sent != null
        && MessageDigest.isEqual(
            csrf(token).getBytes(StandardCharsets.US_ASCII),
            sent.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
