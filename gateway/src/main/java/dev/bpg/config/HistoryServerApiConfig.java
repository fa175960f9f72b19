package dev.bpg.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The Spark History Server that {@code /log?appId=} asks for applications the database does not
 * know (an earlier attempt's Spark application ID, or a run this gateway never saw): its REST API
 * at {@code url} ({@code <url>/api/v1/applications/<appId>/environment}), with {@code host} as the
 * Host header when a proxy in front of it routes by name, within {@code timeout}. Without a {@code
 * url}, nobody is asked.
 */
public record HistoryServerApiConfig(String url, String host, Duration timeout) {
  public HistoryServerApiConfig {
    url = url == null || url.isBlank() ? null : url.strip().replaceAll("/+$", "");
    host = host == null || host.isBlank() ? null : host.strip();
    timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
    if (url != null) {
      URI parsed;
      try {
        parsed = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("historyServerApi.url is not a URL: " + url);
      }
      if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme())) {
        throw new IllegalArgumentException("historyServerApi.url must be http or https: " + url);
      }
    }
    if (host != null && !host.matches("[A-Za-z0-9.-]+(:\\d{1,5})?")) {
      throw new IllegalArgumentException("historyServerApi.host must be a host name: " + host);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("historyServerApi.timeout must be positive");
    }
  }

  public static HistoryServerApiConfig none() {
    return new HistoryServerApiConfig(null, null, null);
  }

  public Optional<String> findUrl() {
    return Optional.ofNullable(url);
  }

  public Optional<String> findHost() {
    return Optional.ofNullable(host);
  }
}
