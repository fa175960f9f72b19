package dev.bpg.http;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One line per event a security team wants to see — submits, kills, admin reads, refused requests,
 * failed logins — on the logger {@code bpg.audit}, as {@code key=value} pairs ({@code event},
 * {@code outcome}, {@code user}, {@code address}, {@code requestId}, ...; values quoted when they
 * hold spaces, control characters escaped), so that a log shipper can route that logger to a SIEM
 * on its own. Never a password, token or request body.
 */
final class AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger("bpg.audit");

  /** Log-context keys the authentication filter sets for the request being served. */
  static final String USER = "user";

  static final String ADDRESS = "clientAddress";

  /** The submission a request is about, when its path or query names one (for JSON log lines). */
  static final String SUBMISSION = "submissionId";

  private AuditLog() {}

  private static void putIfAbsent(Map<String, String> line, String key, String value) {
    if (value != null) {
      line.putIfAbsent(key, value);
    }
  }

  /** Logs one event; {@code fields} alternate names and values, and null values are left out. */
  static void event(String event, String outcome, String... fields) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    Map<String, String> line = new LinkedHashMap<>();
    line.put("event", event);
    line.put("outcome", outcome);
    for (int i = 0; i + 1 < fields.length; i += 2) {
      if (fields[i + 1] != null) {
        line.put(fields[i], fields[i + 1]);
      }
    }
    putIfAbsent(line, "user", MDC.get(USER));
    putIfAbsent(line, "address", MDC.get(ADDRESS));
    line.putIfAbsent("requestId", RequestIds.current());
    StringBuilder text = new StringBuilder();
    line.forEach(
        (key, value) -> {
          if (text.length() > 0) {
            text.append(' ');
          }
          text.append(key).append('=').append(quoted(value));
        });
    LOG.info(text.toString());
  }

  private static String quoted(String value) {
    StringBuilder out = new StringBuilder();
    boolean quote = value.isEmpty();
    for (int i = 0; i < value.length() && out.length() < 512; i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
        quote = true;
      } else if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        quote |= c == ' ' || c == '=';
        out.append(c);
      }
    }
    return quote ? '"' + out.toString() + '"' : out.toString();
  }
}
