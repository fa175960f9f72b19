package dev.bpg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PasswordHashTest {
  @Test
  void aPbkdf2HashMatchesItsPasswordOnly() {
    String encoded = PasswordHash.hash("correct horse", new SecureRandom());

    PasswordHash hash = PasswordHash.parse(encoded);

    assertThat(encoded).matches("pbkdf2-sha256\\$210000\\$[A-Za-z0-9+/=]{24}\\$[A-Za-z0-9+/=]{44}");
    assertThat(hash.matches("correct horse")).isTrue();
    assertThat(hash.matches("correct horse ")).isFalse();
  }

  @Test
  void theSaltIs16BytesFromTheRandomSource() {
    assertThat(PasswordHash.hash("pw", new FixedRandom(1)))
        .startsWith(
            "pbkdf2-sha256$210000$"
                + Base64.getEncoder()
                    .encodeToString(new byte[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1})
                + "$");
  }

  /** Fills every requested byte array with one value. */
  private static final class FixedRandom extends SecureRandom {
    private final byte value;

    FixedRandom(int value) {
      this.value = (byte) value;
    }

    @Override
    public void nextBytes(byte[] bytes) {
      Arrays.fill(bytes, value);
    }
  }

  @Test
  void aKnownPbkdf2HashVerifies() {
    // PBKDF2-HMAC-SHA256("pw", salt "saltsaltsaltsalt", 1000 iterations, 32 bytes), computed
    // independently.
    PasswordHash hash =
        PasswordHash.parse("pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==$" + KNOWN_PBKDF2_OF_PW);

    assertThat(hash.matches("pw")).isTrue();
    assertThat(hash.matches("pW")).isFalse();
  }

  private static final String KNOWN_PBKDF2_OF_PW = "T7epWfxBHiKQQGlNJ3+9CM17dQuKVeWu++anuIAf6vg=";

  @Test
  void aBcryptHashVerifies() {
    String encoded = BCrypt.withDefaults().hashToString(4, "pw".toCharArray());

    PasswordHash hash = PasswordHash.parse(encoded);

    assertThat(hash.matches("pw")).isTrue();
    assertThat(hash.matches("px")).isFalse();
  }

  @Test
  void bcryptVariants2aAnd2yVerify() {
    assertThat(
            PasswordHash.parse(
                    BCrypt.with(BCrypt.Version.VERSION_2A).hashToString(4, "pw".toCharArray()))
                .matches("pw"))
        .isTrue();
    assertThat(
            PasswordHash.parse(
                    BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(4, "pw".toCharArray()))
                .matches("pw"))
        .isTrue();
  }

  @ParameterizedTest(name = "''{0}'' is refused: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "pbkdf2-sha256$1000$c2FsdA== | a pbkdf2-sha256 hash has the form"
            + " pbkdf2-sha256$<iterations>$<salt>$<hash>",
        "pbkdf2-sha256$1000$c2FsdA==$aGFzaA==$x | a pbkdf2-sha256 hash has the form"
            + " pbkdf2-sha256$<iterations>$<salt>$<hash>",
        "pbkdf2-sha256$many$c2FsdA==$aGFzaA== | the iteration count is not a number",
        "pbkdf2-sha256$0$c2FsdA==$aGFzaA== | the iteration count must be positive",
        "pbkdf2-sha256$-5$c2FsdA==$aGFzaA== | the iteration count must be positive",
        "pbkdf2-sha256$1000$!!!$aGFzaA== | salt and hash must be base64: Illegal base64 character"
            + " 21",
        "pbkdf2-sha256$1000$c2FsdA==$#### | salt and hash must be base64: Illegal base64 character"
            + " 23",
        "pbkdf2-sha256$1000$$aGFzaA== | salt and hash must not be empty",
        "secret | not a password hash: use pbkdf2-sha256$... (./bpg hash-password) or a bcrypt hash"
            + " ($2b$...)",
        "$2b$04$tooShort | not a password hash: use pbkdf2-sha256$... (./bpg hash-password) or a"
            + " bcrypt hash ($2b$...)",
        "$2x$04$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0 | not a password hash: use"
            + " pbkdf2-sha256$... (./bpg hash-password) or a bcrypt hash ($2b$...)"
      })
  void malformedHashesAreRefusedWithTheReason(String encoded, String message) {
    assertThatThrownBy(() -> PasswordHash.parse(encoded))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void neverPrintsTheHash() {
    assertThat(PasswordHash.parse(BCrypt.withDefaults().hashToString(4, "pw".toCharArray())))
        .hasToString("PasswordHash[***]");
  }
}
