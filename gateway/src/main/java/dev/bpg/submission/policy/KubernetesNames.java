package dev.bpg.submission.policy;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Kubernetes' rules for label and annotation keys and label values, and the keys a request may not
 * set because the gateway, Spark, the Spark operator, YuniKorn or Kubernetes itself gives them a
 * meaning (owner, queue, selectors).
 */
final class KubernetesNames {
  private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final int MAX_NAME = 63;
  private static final int MAX_PREFIX = 253;

  /** Keys the gateway and the software on the cluster read: a request setting them would spoof. */
  private static final Set<String> RESERVED_KEYS =
      Set.of(
          "proxyUser",
          "submittedBy",
          "applicationName",
          "queue",
          "maxRunningMillis",
          "applicationId",
          "spark-role",
          "spark-app-selector",
          "spark-app-name",
          "spark-exec-id",
          "spark-exec-resourceprofile-id",
          "spark-version");

  /** Prefixes (before the {@code /}) that belong to someone else; subdomains included. */
  private static final List<String> RESERVED_PREFIXES =
      List.of("bpg.dev", "sparkoperator.k8s.io", "yunikorn.apache.org", "kubernetes.io", "k8s.io");

  private KubernetesNames() {}

  /** Why {@code key} is not a valid label or annotation key, if it is not. */
  static String keyProblem(String key) {
    if (key == null || key.isEmpty()) {
      return "an empty key is not a Kubernetes name";
    }
    int slash = key.indexOf('/');
    String prefix = slash < 0 ? null : key.substring(0, slash);
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (prefix != null
        && (prefix.length() > MAX_PREFIX || !DNS_SUBDOMAIN.matcher(prefix).matches())) {
      return "the prefix of '" + printable(key) + "' is not a DNS subdomain";
    }
    if (name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
      return "'"
          + printable(key)
          + "' is not a Kubernetes name (at most 63 letters, digits, '-', '_', '.', starting and"
          + " ending with a letter or digit, after an optional DNS prefix and '/')";
    }
    return null;
  }

  /** Why {@code key} may not come from a request, if it may not. */
  static String reservedProblem(String key) {
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (slash < 0 && RESERVED_KEYS.contains(name)) {
      return "'"
          + key
          + "' is set by the gateway, Spark or the scheduler; a request may not set it";
    }
    if (slash >= 0) {
      String prefix = key.substring(0, slash).toLowerCase(Locale.ROOT);
      for (String reserved : RESERVED_PREFIXES) {
        if (prefix.equals(reserved) || prefix.endsWith("." + reserved)) {
          return "keys under '" + reserved + "/' are reserved; a request may not set '" + key + "'";
        }
      }
    }
    return null;
  }

  /** Why {@code value} is not a valid label value, if it is not. */
  static String labelValueProblem(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (value.length() > MAX_NAME || !NAME.matcher(value).matches()) {
      return "'"
          + printable(value)
          + "' is not a label value (at most 63 letters, digits, '-', '_', '.', starting and"
          + " ending with a letter or digit)";
    }
    return null;
  }

  /**
   * The text with control characters shown as {@code ?}, so that an error message stays one line.
   */
  static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .limit(80)
        .forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return text.codePointCount(0, text.length()) > 80 ? out + "..." : out.toString();
  }
}
