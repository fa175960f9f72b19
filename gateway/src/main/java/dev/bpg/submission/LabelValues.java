package dev.bpg.submission;

/**
 * Makes any text a valid Kubernetes label value the way the reference gateway does, so that its
 * {@code applicationName}, {@code dag_name} and {@code task_name} labels read the same here.
 */
public final class LabelValues {
  private static final int MAX = 63;

  private LabelValues() {}

  /**
   * Keeps letters, digits, '-', '_' and '.', replaces every other character with '0', makes the
   * first and last characters alphanumeric (replacing them with '0' if not) and cuts to 63
   * characters.
   */
  public static String normalize(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX));
    for (int i = 0; i < text.length() && out.length() < MAX; i++) {
      char c = text.charAt(i);
      boolean allowed = isAlphanumeric(c) || c == '-' || c == '_' || c == '.';
      out.append(allowed ? c : '0');
    }
    if (!isAlphanumeric(out.charAt(0))) {
      out.setCharAt(0, '0');
    }
    int last = out.length() - 1;
    if (!isAlphanumeric(out.charAt(last))) {
      out.setCharAt(last, '0');
    }
    return out.toString();
  }

  private static boolean isAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
