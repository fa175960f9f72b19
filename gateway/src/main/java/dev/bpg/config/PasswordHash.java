package dev.bpg.config;

import static java.util.Objects.requireNonNull;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A password hash from the configuration, in one of two forms: {@code
 * pbkdf2-sha256$<iterations>$<base64 salt>$<base64 hash>} (made by {@code ./bpg hash-password}) or
 * a bcrypt hash ({@code $2a$}, {@code $2b$}, {@code $2y$}, as made by {@code htpasswd -B}).
 */
public final class PasswordHash {
  private static final int BCRYPT_MAX_BYTES = 72;

  private static final String PBKDF2_PREFIX = "pbkdf2-sha256$";
  private static final int DEFAULT_ITERATIONS = 210_000;
  private static final int HASH_BITS = 256;

  private final String encoded;

  private PasswordHash(String encoded) {
    this.encoded = encoded;
  }

  /**
   * Checks the form of an encoded hash; throws {@link IllegalArgumentException} explaining what is
   * wrong.
   */
  public static PasswordHash parse(String encoded) {
    requireNonNull(encoded, "encoded is null");
    if (encoded.startsWith(PBKDF2_PREFIX)) {
      String[] parts = encoded.substring(PBKDF2_PREFIX.length()).split("\\$");
      if (parts.length != 3) {
        throw new IllegalArgumentException(
            "a pbkdf2-sha256 hash has the form pbkdf2-sha256$<iterations>$<salt>$<hash>");
      }
      int iterations;
      try {
        iterations = Integer.parseInt(parts[0]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("the iteration count is not a number");
      }
      if (iterations < 1) {
        throw new IllegalArgumentException("the iteration count must be positive");
      }
      byte[] salt;
      byte[] hash;
      try {
        salt = Base64.getDecoder().decode(parts[1]);
        hash = Base64.getDecoder().decode(parts[2]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("salt and hash must be base64: " + e.getMessage());
      }
      if (salt.length == 0 || hash.length == 0) {
        // PBEKeySpec refuses an empty salt: caught here rather than at the first sign-in.
        throw new IllegalArgumentException("salt and hash must not be empty");
      }
      return new PasswordHash(encoded);
    }
    if (encoded.matches("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
      return new PasswordHash(encoded);
    }
    throw new IllegalArgumentException(
        "not a password hash: use pbkdf2-sha256$... (./bpg hash-password) or a bcrypt hash"
            + " ($2b$...)");
  }

  /** Hashes a password with PBKDF2-HMAC-SHA256 and a fresh random salt. */
  public static String hash(String password, SecureRandom random) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    byte[] hash = pbkdf2(password, salt, DEFAULT_ITERATIONS);
    return PBKDF2_PREFIX
        + DEFAULT_ITERATIONS
        + "$"
        + Base64.getEncoder().encodeToString(salt)
        + "$"
        + Base64.getEncoder().encodeToString(hash);
  }

  /**
   * Whether the password matches, compared in constant time. Deliberately slow: cache the result.
   */
  public boolean matches(String password) {
    requireNonNull(password, "password is null");
    if (encoded.startsWith(PBKDF2_PREFIX)) {
      String[] parts = encoded.substring(PBKDF2_PREFIX.length()).split("\\$");
      int iterations = Integer.parseInt(parts[0]);
      byte[] salt = Base64.getDecoder().decode(parts[1]);
      byte[] expected = Base64.getDecoder().decode(parts[2]);
      return MessageDigest.isEqual(expected, pbkdf2(password, salt, iterations));
    }
    // bcrypt reads at most 72 bytes of a password, as OpenBSD's and htpasswd's do.
    byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > BCRYPT_MAX_BYTES) {
      bytes = Arrays.copyOf(bytes, BCRYPT_MAX_BYTES);
    }
    return BCrypt.verifyer().verify(bytes, encoded.getBytes(StandardCharsets.UTF_8)).verified;
  }

  private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17 runtime", e);
    }
  }

  @Override
  public String toString() {
    return "PasswordHash[***]";
  }
}
