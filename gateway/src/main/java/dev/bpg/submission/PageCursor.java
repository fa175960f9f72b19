package dev.bpg.submission;

import static java.util.Objects.requireNonNull;

import dev.bpg.error.GatewayException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where the next page of a newest-first list starts: just after this creation time and submission
 * ID. Keyset paging stays correct and cheap however deep the caller pages and whatever is inserted.
 */
public record PageCursor(Instant createdAt, String submissionId) {
  public PageCursor {
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(submissionId, "submissionId is null");
  }

  public String encode() {
    String raw = createdAt.toEpochMilli() + ":" + submissionId;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  public static PageCursor decode(String text) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      int colon = raw.indexOf(':');
      return new PageCursor(
          Instant.ofEpochMilli(Long.parseLong(raw.substring(0, colon))), raw.substring(colon + 1));
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      throw GatewayException.invalidField("cursor", "is not a cursor this gateway gave out");
    }
  }
}
