package dev.bpg.submission;

import static java.util.Objects.requireNonNull;

import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A submission ID: {@code <clusterId>-<32 hex>[-<suffix>]}. It is also the SparkApplication's name
 * and the prefix of its pods. Cluster IDs may contain hyphens, so parsing looks for the 32-hex
 * block rather than splitting at the first hyphen (the reference gateway's bug).
 */
public record SubmissionId(String clusterId, String uuid, Optional<String> suffix) {
  /**
   * Kubernetes object names of the upstream operator's pods and labels are limited to 63
   * characters.
   */
  public static final int MAX_LENGTH = 63;

  private static final Pattern SHAPE =
      Pattern.compile(
          "([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)-([0-9a-f]{32})(?:-([a-z0-9](?:[-a-z0-9]*[a-z0-9])?))?");
  private static final Pattern REST =
      Pattern.compile("([0-9a-f]{32})(?:-([a-z0-9](?:[-a-z0-9]*[a-z0-9])?))?");
  private static final Pattern SUFFIX = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  public SubmissionId {
    requireNonNull(clusterId, "clusterId is null");
    requireNonNull(uuid, "uuid is null");
    requireNonNull(suffix, "suffix is null");
  }

  /** A fresh ID on the given cluster; the suffix is the caller's and is checked here. */
  public static SubmissionId create(String clusterId, UUID uuid, Optional<String> suffix) {
    suffix.ifPresent(
        s -> {
          if (!SUFFIX.matcher(s).matches()) {
            throw GatewayException.invalidField(
                "submissionIdSuffix",
                "must be lowercase letters, digits and '-', starting and ending with a letter or"
                    + " digit");
          }
        });
    SubmissionId id = new SubmissionId(clusterId, uuid.toString().replace("-", ""), suffix);
    if (id.value().length() > MAX_LENGTH) {
      throw GatewayException.invalidField(
          "submissionIdSuffix",
          "too long: the submission ID "
              + id.value()
              + " would exceed "
              + MAX_LENGTH
              + " characters");
    }
    return id;
  }

  /**
   * Parses an ID, preferring a known cluster ID as its prefix so that a cluster named like {@code
   * a-b} is found whatever the rest holds.
   */
  public static SubmissionId parse(String text, Collection<String> knownClusterIds) {
    requireNonNull(text, "text is null");
    for (String clusterId : knownClusterIds) {
      if (text.startsWith(clusterId + "-")) {
        Matcher rest = REST.matcher(text.substring(clusterId.length() + 1));
        if (rest.matches()) {
          return new SubmissionId(clusterId, rest.group(1), Optional.ofNullable(rest.group(2)));
        }
      }
    }
    Matcher m = SHAPE.matcher(text);
    if (!m.matches()) {
      throw new GatewayException(
          ErrorCode.INVALID_SUBMISSION_ID,
          "submissionId: '"
              + abbreviate(text)
              + "' is not a submission ID (<clusterId>-<32 hex>[-suffix])");
    }
    return new SubmissionId(m.group(1), m.group(2), Optional.ofNullable(m.group(3)));
  }

  public String value() {
    return clusterId + "-" + uuid + suffix.map(s -> "-" + s).orElse("");
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "…";
  }

  @Override
  public String toString() {
    return value();
  }
}
