package dev.bpg.artifact;

import static java.util.Objects.requireNonNull;

import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import java.io.InputStream;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users' uploads of jars and files, as Apple's gateway keys them: {@code <prefix>/<folder>/<name>}
 * when a folder is given, else {@code <prefix>/<yyyyMMdd>/<random>/<name>}; the answer is the
 * {@code s3a://} URL to put in {@code mainApplicationFile} or {@code deps}. Names and folders are
 * checked so that no upload leaves the prefix or overwrites another's random folder.
 */
public final class Uploads {
  private static final Logger LOG = LoggerFactory.getLogger(Uploads.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._+=@-]{1,255}");
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
  private static final int MAX_FOLDER = 512;

  private final ObjectStore store;
  private final String prefix;
  private final long maxBytes;
  private final Clock clock;

  /**
   * @param prefix the keys' common start (Apple's {@code s3Folder}); empty for none
   * @param maxBytes the largest upload accepted
   */
  public Uploads(ObjectStore store, String prefix, long maxBytes, Clock clock) {
    this.store = requireNonNull(store, "store is null");
    this.prefix = trimSlashes(requireNonNull(prefix, "prefix is null"));
    this.maxBytes = maxBytes;
    this.clock = requireNonNull(clock, "clock is null");
  }

  public long maxBytes() {
    return maxBytes;
  }

  /**
   * Stores the body and answers its URL.
   *
   * @param folder the folder asked for, or null
   * @param length the body's length as the request declares it
   */
  public String upload(String name, String folder, long length, InputStream body, String caller) {
    checkName(name);
    if (length < 0) {
      throw GatewayException.invalidField("Content-Length", "must not be negative");
    }
    if (length > maxBytes) {
      throw new GatewayException(
          ErrorCode.REQUEST_TOO_LARGE,
          "the upload is " + length + " bytes; at most " + maxBytes + " are accepted");
    }
    String key = key(name, folder);
    store.put(key, body, length, Map.of("uploaded-by", caller));
    LOG.info("{} uploaded {} ({} bytes)", caller, key, length);
    return "s3a://" + store.bucket() + "/" + key;
  }

  String key(String name, String folder) {
    StringBuilder key = new StringBuilder(prefix);
    String within =
        folder == null || trimSlashes(folder).isEmpty()
            ? DAY.format(clock.instant()) + "/" + UUID.randomUUID().toString().replace("-", "")
            : checkFolder(trimSlashes(folder));
    if (!key.isEmpty()) {
      key.append('/');
    }
    return key.append(within).append('/').append(name).toString();
  }

  private static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw GatewayException.invalidField(
          "name",
          "must be 1 to 255 letters, digits or . _ - + = @ (no slash), such as my-job-1.0.jar");
    }
  }

  private static String checkFolder(String folder) {
    if (folder.length() > MAX_FOLDER) {
      throw GatewayException.invalidField("folder", "is longer than " + MAX_FOLDER + " characters");
    }
    for (String segment : folder.split("/", -1)) {
      if (!NAME.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
        throw GatewayException.invalidField(
            "folder",
            "must be names of letters, digits or . _ - + = @ separated by '/', without '.' or"
                + " '..' segments or empty ones");
      }
    }
    return folder;
  }

  private static String trimSlashes(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && value.charAt(start) == '/') {
      start++;
    }
    while (end > start && value.charAt(end - 1) == '/') {
      end--;
    }
    return value.substring(start, end);
  }
}
